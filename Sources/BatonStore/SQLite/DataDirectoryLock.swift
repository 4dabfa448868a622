import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on `<data-dir>/baton.lock`, held for the life of the process.
/// Two coordinators sharing one embedded store would each keep their own engine and could
/// both name a Primary; the lock makes the second one refuse to start. The kernel drops
/// the lock when the process dies, SIGKILL included.
final class DataDirectoryLock: Sendable {
    /// Nil once released.
    private let descriptor: Mutex<Int32?>

    init(directory: String) throws {
        let path = directory + "/baton.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError.dataDirectoryUnavailable(path: directory, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StoreError.dataDirectoryLocked(path: directory)
        }
        descriptor = Mutex(fd)
    }

    /// Lets another coordinator open the directory (a graceful shutdown's last step). Idempotent.
    func release() {
        descriptor.withLock { descriptor in
            guard let fd = descriptor else { return }
            flock(fd, LOCK_UN)
            close(fd)
            descriptor = nil
        }
    }

    deinit {
        release()
    }
}
