// The Java twin of dumps-fixtures/TwoLocks, for scripts/bench to time `jstack -l` on the same
// deadlock: thread-1 locks A then B, thread-2 locks B then A; a barrier makes sure both hold their
// first lock before either tries its second. The main thread prints "READY <pid>" once both are
// BLOCKED on their second lock, then joins thread-1 (as the .NET scenario's main thread does).
import java.util.concurrent.CyclicBarrier;

public final class TwoLocks {
    private static void lockBoth(Object first, Object second, CyclicBarrier bothHoldTheirFirst) {
        synchronized (first) {
            try {
                bothHoldTheirFirst.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            synchronized (second) {
                System.out.println(Thread.currentThread().getName() + ": no deadlock this time");
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Object a = new Object();
        Object b = new Object();
        CyclicBarrier barrier = new CyclicBarrier(2);
        Thread thread1 = new Thread(() -> lockBoth(a, b, barrier), "thread-1");
        Thread thread2 = new Thread(() -> lockBoth(b, a, barrier), "thread-2");
        thread1.start();
        thread2.start();
        // Past the barrier a thread has no wait left but its second lock, so BLOCKED means there.
        while (thread1.getState() != Thread.State.BLOCKED || thread2.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        thread1.join();
    }
}
