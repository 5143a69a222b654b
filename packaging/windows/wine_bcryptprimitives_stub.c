/* For the Wine try only (packaging/windows/try_wine.sh), never shipped in the installer.
 *
 * Programs built with Rust 1.78 or newer (python-calamine's compiled part, which reads imported .xlsx
 * lists) take their random numbers from bcryptprimitives.dll!ProcessPrng, which Windows 10/11 carry
 * in System32. Wine 8 has no bcryptprimitives.dll, so the module would not load at all. This stand-in
 * exports ProcessPrng and fills the buffer from RtlGenRandom (advapi32!SystemFunction036), which Wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG part = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, part)) return FALSE;
        data += part;
        length -= part;
    }
    return TRUE;
}
