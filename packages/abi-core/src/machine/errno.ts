/** Xen's errno values (xen/include/public/errno.h). A hypercall returns the negative. */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const ENXIO = 6;
export const E2BIG = 7;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const EXDEV = 18;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOSPC = 28;
export const EDOM = 33;
export const ERANGE = 34;
export const ENODATA = 61;
export const ENOSYS = 38;
export const ETIME = 62;
export const EOVERFLOW = 75;
export const EILSEQ = 84;
export const EMSGSIZE = 90;
export const EOPNOTSUPP = 95;
export const ENOBUFS = 105;
export const ECONNREFUSED = 111;

/** Name by value, for traces and messages ("-EAGAIN"). */
export const ERRNO_NAMES: Readonly<Record<number, string>> = {
  [EPERM]: "EPERM",
  [ENOENT]: "ENOENT",
  [ESRCH]: "ESRCH",
  [ENXIO]: "ENXIO",
  [E2BIG]: "E2BIG",
  [EAGAIN]: "EAGAIN",
  [ENOMEM]: "ENOMEM",
  [EACCES]: "EACCES",
  [EFAULT]: "EFAULT",
  [EBUSY]: "EBUSY",
  [EEXIST]: "EEXIST",
  [EXDEV]: "EXDEV",
  [ENODEV]: "ENODEV",
  [EINVAL]: "EINVAL",
  [ENOSPC]: "ENOSPC",
  [EDOM]: "EDOM",
  [ERANGE]: "ERANGE",
  [ENODATA]: "ENODATA",
  [ENOSYS]: "ENOSYS",
  [ETIME]: "ETIME",
  [EOVERFLOW]: "EOVERFLOW",
  [EILSEQ]: "EILSEQ",
  [EMSGSIZE]: "EMSGSIZE",
  [EOPNOTSUPP]: "EOPNOTSUPP",
  [ENOBUFS]: "ENOBUFS",
  [ECONNREFUSED]: "ECONNREFUSED",
};

/** `-22` -> `"-EINVAL"`; other values -> undefined. */
export function errnoName(ret: number): string | undefined {
  if (ret >= 0) return undefined;
  const name = ERRNO_NAMES[-ret];
  return name === undefined ? undefined : `-${name}`;
}
