import com.sun.tools.attach.VirtualMachine;
/** Loads async-profiler into a running JVM (bench/profile.sh): AttachProfiler PID LIBRARY OPTIONS. */
public class AttachProfiler {
    public static void main(String[] a) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(a[0]);
        try { vm.loadAgentPath(a[1], a[2]); } finally { vm.detach(); }
    }
}
