package io.slidestream.hem.kafka.internals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Digests {

  private Digests() {}

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
