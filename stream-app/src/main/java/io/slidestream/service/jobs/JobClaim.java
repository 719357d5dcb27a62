package io.slidestream.service.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a job id stands for in the output store: the SHA-256 of everything that decides the bytes
 * of its outputs (slide id, model version, resolution, tile size, overlap, output kinds in order).
 * The same job again (a redelivery, a re-run after a crash) has the same digest and rewrites the
 * same bytes; any other content under the same id would silently replace or mix outputs, which
 * is what {@link OutputStore#claim} refuses.
 *
 * @param jobId  the job id claimed
 * @param digest lower-case hex SHA-256 of the job's output-deciding content
 */
public record JobClaim(String jobId, String digest) {

  public JobClaim {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(digest, "digest");
  }

  public static JobClaim of(SlideJob job) {
    // One field per line, doubles in Java's round-trip form: equal content gives equal text.
    String content = "slidestream.job-claim/1\n"
        + "slide=" + job.slideId() + "\n"
        + "model=" + job.model().version() + "\n"
        + "micronsPerPixel=" + job.micronsPerPixel() + "\n"
        + "tileSize=" + job.tileSize() + "\n"
        + "overlap=" + job.overlap() + "\n"
        + "outputs=" + String.join(",", job.outputs()) + "\n";
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return new JobClaim(job.jobId(), HexFormat.of().formatHex(md.digest(content.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The claim file's bytes. */
  byte[] fileContent() {
    return ("sha256=" + digest + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
