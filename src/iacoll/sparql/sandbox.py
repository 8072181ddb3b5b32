"""No network sockets in a SPARQL worker process: a Linux seccomp-BPF filter.

Oxigraph evaluates ``SERVICE`` with a real HTTP client. The query guard refuses ``SERVICE``, but
a guard that reads SPARQL text can be wrong; this filter does not depend on it. Installed at the
start of each worker process (before the store is opened, so that every thread inherits it), it
lets ``socket()`` create only ``AF_UNIX`` sockets (multiprocessing's pipes): every other family
(``AF_INET``, ``AF_INET6``, ``AF_NETLINK``, ``AF_PACKET``…) fails with ``EPERM``, so the worker
cannot connect anywhere. ``io_uring_setup`` fails with ``ENOSYS`` (io_uring can create sockets
without the ``socket`` call), and a system call made under another architecture than the
process's own (i386 ``int 0x80`` on x86-64) fails with ``EPERM``. Everything else is allowed.
Name resolution through a local resolver daemon reached over ``AF_UNIX`` (nscd,
systemd-resolved) stays possible, but nothing can use the address it returns.

The filter reads the architecture word of ``seccomp_data`` and acts on the call numbers of
x86-64 (``socket`` 41 and ``io_uring_setup`` 425, also with ``__X32_SYSCALL_BIT``) and AArch64
(198 and 425). Where it cannot be installed (another OS or architecture, a kernel without
seccomp), the worker says so on stderr and runs with the guard alone.
"""

from __future__ import annotations

import ctypes
import platform
import socket
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1
ENOSYS = 38

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
X32_SYSCALL_BIT = 0x40000000
# architecture word -> (socket call numbers, io_uring_setup call numbers)
CALLS = {
    "x86_64": (AUDIT_ARCH_X86_64, (41, X32_SYSCALL_BIT | 41), (425, X32_SYSCALL_BIT | 425)),
    "aarch64": (AUDIT_ARCH_AARCH64, (198,), (425,)),
}
ALLOWED_FAMILY = int(socket.AF_UNIX)

# offsets in struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }
_NR, _ARCH, _ARG0 = 0, 4, 16  # args[0] low word (little-endian on both architectures)
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06

Line = str | tuple[int, int, str | None, str | None]  # label, or (code, k, jump if true, false)


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def program() -> list[tuple[int, int, int, int]]:
    """The BPF program as ``(code, jt, jf, k)`` (see the module's docstring for what it does)."""
    lines: list[Line] = [(_LD_W_ABS, _ARCH, None, None)]
    for i, (arch, sockets, io_uring) in enumerate(CALLS.values()):
        lines += [
            f"arch{i}",
            (_JEQ_K, arch, None, f"arch{i + 1}"),
            (_LD_W_ABS, _NR, None, None),
            *[(_JEQ_K, nr, "family", None) for nr in sockets],
            *[(_JEQ_K, nr, "nosys", None) for nr in io_uring],
            (_JEQ_K, 0, "allow", "allow"),  # both ways to "allow": an unconditional jump
        ]
    lines += [
        f"arch{len(CALLS)}",  # another architecture than the process's own
        (_RET_K, SECCOMP_RET_ERRNO | EPERM, None, None),
        "family",
        (_LD_W_ABS, _ARG0, None, None),
        (_JEQ_K, ALLOWED_FAMILY, "allow", "deny"),
        "allow",
        (_RET_K, SECCOMP_RET_ALLOW, None, None),
        "nosys",
        (_RET_K, SECCOMP_RET_ERRNO | ENOSYS, None, None),
        "deny",
        (_RET_K, SECCOMP_RET_ERRNO | EPERM, None, None),
    ]
    return _assemble(lines)


def _assemble(lines: list[Line]) -> list[tuple[int, int, int, int]]:
    """Resolve labels into the relative jumps of classic BPF."""
    labels: dict[str, int] = {}
    code: list[tuple[int, int, str | None, str | None]] = []
    for line in lines:
        if isinstance(line, str):
            labels[line] = len(code)
        else:
            code.append(line)

    def offset(pc: int, label: str | None) -> int:
        return 0 if label is None else labels[label] - pc - 1

    return [(op, offset(pc, jt), offset(pc, jf), k) for pc, (op, k, jt, jf) in enumerate(code)]


def deny_internet_sockets() -> bool:
    """Install the filter in this process; ``False`` (and a warning on stderr) if it cannot."""
    if sys.platform != "linux" or platform.machine() not in CALLS:
        return _warn(f"{sys.platform}/{platform.machine()} n'est pas pris en charge")
    instructions = program()
    table = (_SockFilter * len(instructions))(*[_SockFilter(*i) for i in instructions])
    fprog = _SockFprog(len(instructions), table)
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    ulong, zero = ctypes.c_ulong, ctypes.c_ulong(0)
    if prctl(ctypes.c_int(PR_SET_NO_NEW_PRIVS), ulong(1), zero, zero, zero) != 0:
        return _warn(f"prctl(PR_SET_NO_NEW_PRIVS) : errno {ctypes.get_errno()}")
    filter_mode = ulong(SECCOMP_MODE_FILTER)
    if prctl(ctypes.c_int(PR_SET_SECCOMP), filter_mode, ctypes.byref(fprog), zero, zero) != 0:
        return _warn(f"prctl(PR_SET_SECCOMP) : errno {ctypes.get_errno()}")
    return _works() or _warn("le filtre est installé mais une socket réseau s'ouvre encore")


def _works() -> bool:
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def _warn(reason: str) -> bool:
    print(
        f"iacoll : AVERTISSEMENT — filtre seccomp non installé dans le processus SPARQL "
        f"({reason}) : seul le filtre de requêtes empêche SERVICE d'atteindre le réseau. / "
        f"WARNING: seccomp filter not installed in the SPARQL worker ({reason}): only the "
        "query guard keeps SERVICE off the network.",
        file=sys.stderr,
        flush=True,
    )
    return False
