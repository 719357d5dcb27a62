package io.slidestream.kafka.clients;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Tells a publication refused because of the record itself (too large for its topic or the
 * producer's request limit, invalid for the broker) from a failure of the broker or the client
 * (time-outs, authorisation, a fenced producer, a lost connection). Sending the same record again
 * fails the same way, so the first kind is answered with a smaller record and the service goes
 * on; only the second may stop the graph without committing.
 */
public final class RecordRefusal {

  private RecordRefusal() {}

  /** Whether {@code error} (or a cause of it) is a refusal of the record's own content. */
  public static boolean isRecordsOwnFault(Throwable error) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
          || t instanceof InvalidRecordException) {
        return true;
      }
    }
    return false;
  }
}
