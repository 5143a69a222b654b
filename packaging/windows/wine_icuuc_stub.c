/* For the Wine try only (packaging/windows/try_wine.sh), never shipped in the installer.
 *
 * Qt 6 for Windows (PySide6 6.11) links Windows 10/11's own ICU (System32\icuuc.dll, there since
 * Windows 10 1703) for the converters of legacy text encodings. Wine 8 has no icuuc.dll, so Qt would
 * not load at all. This stand-in exports the same ucnv_* functions and says "no such converter":
 * Qt then treats legacy encodings as unavailable, which the program does not need to show a window.
 */
#include <stddef.h>

#define U_FILE_ACCESS_ERROR 4

__declspec(dllexport) void *ucnv_open(const char *name, int *status) {
    (void)name;
    if (status) *status = U_FILE_ACCESS_ERROR;
    return NULL;
}
__declspec(dllexport) int ucnv_countAvailable(void) { return 0; }
__declspec(dllexport) const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
__declspec(dllexport) const char *ucnv_getStandardName(const char *name, const char *standard, int *status) {
    (void)name; (void)standard;
    if (status) *status = U_FILE_ACCESS_ERROR;
    return NULL;
}
#define NOTHING(name) __declspec(dllexport) int name(void) { return 0; }
NOTHING(ucnv_close)
NOTHING(ucnv_reset)
NOTHING(ucnv_getMaxCharSize)
NOTHING(ucnv_getName)
NOTHING(ucnv_getToUCallBack)
NOTHING(ucnv_getFromUCallBack)
NOTHING(ucnv_setToUCallBack)
NOTHING(ucnv_setFromUCallBack)
NOTHING(ucnv_cbToUWriteUChars)
NOTHING(ucnv_cbFromUWriteUChars)
NOTHING(ucnv_toUnicode)
NOTHING(ucnv_fromUnicode)
NOTHING(ucnv_toUCountPending)
NOTHING(ucnv_fromUCountPending)
NOTHING(UCNV_FROM_U_CALLBACK_SUBSTITUTE)
NOTHING(UCNV_TO_U_CALLBACK_SUBSTITUTE)
