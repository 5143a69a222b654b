/* Force-included (gcc -include) into every C file of CPython and SQLite that packaging/deb/build_in_root.sh
 * compiles, so the UOS/Kylin bundle asks for glibc 2.28 at most (UOS 20).
 *
 * glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions: the same functions without the old
 * SVID error-handling wrapper (_LIB_VERSION/matherr, which nothing here uses). Code linked on a newer
 * glibc binds to GLIBC_2.29 and then refuses to load on 2.28; these lines bind it to the versions every
 * x86_64 glibc still exports (GLIBC_2.2.5). The results are the same: both versions set errno as C99 says.
 */
#if defined(__x86_64__) && defined(__linux__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
