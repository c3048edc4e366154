/** Errno names a document or proposal may use: abi-core's, plus the rest of public/errno.h. */
import { ERRNO_NAMES } from "@xen-abi/abi-core";

const KNOWN = new Set(Object.values(ERRNO_NAMES));

/**
 * The other public/errno.h names (RELEASE-4.22.0); abi-core's machine never returns (it models only Argo and a few
 * handlers), so it does not list them.
 */
const OTHER_XEN_ERRNOS = new Set(
  (
    "EINTR EIO ENXIO ENOEXEC EBADF ECHILD EWOULDBLOCK ENOTDIR EISDIR ENFILE EMFILE EROFS EMLINK " +
    "EDOM ERANGE EDEADLK EDEADLOCK ENAMETOOLONG ENOLCK ENOTEMPTY ENODATA ETIME EBADMSG EOVERFLOW " +
    "EILSEQ ERESTART ENOTSOCK EADDRINUSE EADDRNOTAVAIL ENOBUFS EISCONN ENOTCONN ETIMEDOUT"
  ).split(" "),
);

export function errnoKnown(name: string): boolean {
  return KNOWN.has(name) || OTHER_XEN_ERRNOS.has(name);
}
