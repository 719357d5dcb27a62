package io.slidestream.masks;

import io.slidestream.images.LabelRaster;
import java.io.IOException;
import java.util.List;

/**
 * Writes one slide's predicted labels to one kind of output, tile by tile, with memory that does
 * not grow with the slide. Tiles arrive in any order, each at most once, from one thread at a time;
 * a tile is {@code spec.tileWidth(col) × spec.tileHeight(row)}. Area never written is class 0.
 * Output appears only on {@link #finish()} (written aside, then moved into place), so a failed or
 * abandoned slide leaves no partial file.
 */
public interface MaskWriter extends AutoCloseable {

  void writeTile(int col, int row, LabelRaster tile) throws IOException;

  /** Completes and publishes the outputs. */
  List<MaskOutput> finish() throws IOException;

  /** Releases resources; before {@link #finish()} it abandons the output and removes temporary files. */
  @Override
  void close();
}
