package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.biomedvital.InvalidDataException;
import org.biomedvital.tuning.TuningStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SlurmStatesTest {
  private static final String SCONTROL_TIMEOUT = "JobId=7 JobName=vital-s2\n"
      + "   JobState=TIMEOUT Reason=TimeLimit Dependency=(null)\n"
      + "   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15\n"
      + "   RunTime=00:01:26 TimeLimit=00:01:00 TimeMin=N/A\n"
      + "   SubmitTime=2026-12-04T03:41:15 EligibleTime=2026-12-04T03:41:15\n"
      + "   StartTime=2026-12-04T03:41:16 EndTime=2026-12-04T03:42:42 Deadline=N/A\n"
      + "   StdOut=/runs/s2/train.log\n";

  @Test
  void aTimeLimitKillIsTimeoutWithTheSignalsExitCodeTheFixAndQueueApartFromRunTime() {
    JobState s = SlurmStates.fromScontrol("7", SlurmStates.fields(SCONTROL_TIMEOUT),
        LocalDateTime.parse("2026-12-04T03:50:00"));

    assertThat(s.status()).isEqualTo(TuningStatus.FAILED);
    assertThat(s.clusterState()).isEqualTo("TIMEOUT");
    assertThat(s.signal()).isEqualTo(15);
    assertThat(s.exitCode()).isEqualTo(143);
    assertThat(s.queued()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.ran()).isEqualTo(Duration.ofSeconds(86));
    assertThat(s.how()).isEqualTo("was killed by signal 15 (SIGTERM) (exit code 143)");
    assertThat(s.explanation()).contains("time limit (00:01:00)").contains("--time")
        .contains("--resume");
    assertThat(s.describe()).isEqualTo("7 TIMEOUT (FAILED), was killed by signal 15 (SIGTERM) "
        + "(exit code 143), queued 00:00:01, ran 00:01:26: " + s.explanation());
  }

  @Test
  void everyAbnormalEndIsNamedWithItsFixAndNeverReadsAsExitZero() {
    for (String state : new String[] {"OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL",
        "DEADLINE", "CANCELLED by 0"}) {
      JobState s = SlurmStates.state("1", state, "0:0", "", null, null);
      assertThat(s.exitCode()).as(state).isNotZero();
      assertThat(s.explanation()).as(state).isNotEmpty();
    }
    assertThat(SlurmStates.state("1", "OUT_OF_MEMORY", "0:125", "", null, null).explanation())
        .contains("--mem");
    assertThat(SlurmStates.state("1", "PREEMPTED", "0:0", "", null, null).explanation())
        .contains("preempted").contains("--resume");
    assertThat(SlurmStates.state("1", "CANCELLED by 0", "0:15", "", null, null).status())
        .isEqualTo(TuningStatus.CANCELLED);
    JobState failed = SlurmStates.state("1", "FAILED", "3:0", "", null, null);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.how()).isEqualTo("exited with code 3");
    JobState ok = SlurmStates.state("1", "COMPLETED", "0:0", "", null, null);
    assertThat(ok.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.explanation()).isEmpty();
  }

  @Test
  void aPendingJobHasQueuedSoFarAndNoRunTime() {
    JobState s = SlurmStates.fromScontrol("8", SlurmStates.fields("JobState=PENDING "
        + "ExitCode=0:0 RunTime=00:00:00 SubmitTime=2026-12-04T03:41:15 "
        + "StartTime=2026-12-05T00:00:00"), LocalDateTime.parse("2026-12-04T03:41:45"));

    assertThat(s.status()).isEqualTo(TuningStatus.PENDING);
    assertThat(s.queued()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.ran()).isNull();
    assertThat(s.exitCode()).isZero();
  }

  @Test
  void readsRunTimesWithDays() {
    assertThat(SlurmStates.runTime("2-03:04:05")).isEqualTo(Duration.ofSeconds(2 * 86400
        + 3 * 3600 + 4 * 60 + 5));
    assertThat(SlurmStates.runTime("04:05")).isEqualTo(Duration.ofSeconds(245));
    assertThat(SlurmStates.runTime("INVALID")).isNull();
  }

  @Test
  void aJobRecordRoundTripsThroughTheRunFolder(@TempDir Path dir) {
    JobRecord r = new JobRecord("slurm", "42", "vital", dir.resolve("train.log"), 1234,
        dir.resolve("out"), 128, "");
    r.write(dir);

    assertThat(JobRecord.read(dir)).isEqualTo(r);
    assertThatThrownBy(() -> JobRecord.read(dir.resolve("elsewhere")))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("job.json")
        .hasMessageContaining("--out folder");
  }
}
