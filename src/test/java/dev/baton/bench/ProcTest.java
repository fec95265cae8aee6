package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void readsThisJvmsCpuMemoryAndCommandLine() {
        assertThat(Proc.cpu(SELF).self()).isPositive();
        assertThat(Proc.rssBytes(SELF)).isGreaterThan(1024 * 1024);
        assertThat(Proc.commandLine(SELF)).contains("java");
        assertThat(Proc.jvmThreadCpu(SELF)).containsKey(Proc.JAVA);
    }

    @Test
    void aProcessThatIsGoneReadsAsZero() {
        long gone = Long.MAX_VALUE;

        assertThat(Proc.cpu(gone)).isEqualTo(Proc.Cpu.ZERO);
        assertThat(Proc.rssBytes(gone)).isZero();
        assertThat(Proc.commandLine(gone)).isEmpty();
    }

    @Test
    void theMachineHasBeenBusySinceBoot() {
        assertThat(Proc.machineBusySeconds()).isPositive();
    }
}
