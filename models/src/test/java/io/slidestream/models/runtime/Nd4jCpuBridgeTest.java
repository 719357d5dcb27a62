package io.slidestream.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * The bridge class {@code org.nd4j.nativeblas.Nd4jCpu}; tested from the runtime package, whose set-up
 * it belongs to, so that the module's test selection ({@code io.slidestream.models.**}) runs it.
 */
class Nd4jCpuBridgeTest {

  /** The real flag, read straight from libnd4j's bindings (by reflection: they exist on the CPU backend only). */
  private static boolean realFlag() {
    try {
      Class<?> real = Class.forName(Nd4jCpu.REAL_ENVIRONMENT);
      return (Boolean) real.getMethod("isUseONEDNN").invoke(real.getMethod("getInstance").invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void answersDl4jsReflectiveCallsExactlyAsItMakesThem() throws ReflectiveOperationException {
    Nd4j.getBackend();
    // What BaseMKLDNNHelper does: static getInstance() on a null receiver, then isUseMKLDNN() on the result.
    Class<?> c = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment");
    Object env = c.getMethod("getInstance").invoke(null);
    Method isUse = c.getMethod("isUseMKLDNN");
    assertThat(isUse.getReturnType()).isEqualTo(boolean.class);
    assertThat((Boolean) isUse.invoke(env)).isEqualTo(realFlag());
  }

  @Test
  void delegatesToTheRealEnvironment() {
    Nd4jCpu.Environment env = Nd4jCpu.Environment.getInstance();
    assertThat(env.isBridged()).as(env.unavailableReason()).isTrue();
    assertThat(env.unavailableReason()).isNull();
    boolean before = realFlag();
    try {
      env.setUseONEDNN(false);
      assertThat(realFlag()).isFalse();
      assertThat(env.isUseMKLDNN()).isFalse();
      env.setUseONEDNN(true);
      assertThat(realFlag()).isTrue();
      assertThat(env.isUseMKLDNN()).isTrue();
    } finally {
      env.setUseONEDNN(before);
    }
  }
}
