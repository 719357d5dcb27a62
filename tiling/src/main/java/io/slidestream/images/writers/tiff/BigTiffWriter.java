package io.slidestream.images.writers.tiff;

import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.tiff.TiffTags;
import io.slidestream.images.writers.tiff.internals.IfdEncoder;
import io.slidestream.images.writers.tiff.internals.TileCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a tiled BigTIFF whose pages (IFDs) are declared up front and whose tiles arrive in any
 * order, from any page, interleaved. Tile data is appended as it comes; the small offset and
 * byte-count tables stay in memory and the IFDs are written after the data on {@link #finish()}.
 * Identical small compressed blocks (uniform background tiles) are stored once and shared.
 * Tiles already written can be read back, so a pyramid's reduced pages can be computed from the
 * file instead of from a level held in memory.
 *
 * <p>The file is written under a temporary name beside {@code target} and appears under its
 * real name only when complete; {@link #close()} before {@code finish()} deletes it.
 *
 * <p>{@link #encode} may run on several threads at once; {@code writeEncodedTile},
 * {@code writeTile}, {@code readTile} and {@code finish} are serialised by the writer.
 */
public final class BigTiffWriter implements AutoCloseable {

  /** Compressed blocks up to this size are candidates for sharing: background tiles are tiny. */
  static final int SHARE_MAX_BYTES = 16 * 1024;
  /** Caps the memory the sharing index can take, whatever the slide. */
  static final int SHARE_MAX_BLOCKS = 256;

  private static final int HEADER_BYTES = 16;

  private final List<TiffPage> pages;
  private final List<TileCodec> codecs = new ArrayList<>();
  private final long[][] offsets;
  private final long[][] byteCounts;
  private final String software;
  private final PendingFile file;
  private final FileChannel channel;
  private final Map<ByteBuffer, long[]> shared = new HashMap<>();
  private long end = HEADER_BYTES;
  private long storedBlocks;
  private long sharedHits;
  private boolean finished;
  private boolean closed;

  private BigTiffWriter(Path target, List<TiffPage> pages, String software) throws IOException {
    this.pages = List.copyOf(pages);
    this.software = software;
    offsets = new long[pages.size()][];
    byteCounts = new long[pages.size()][];
    for (int i = 0; i < pages.size(); i++) {
      offsets[i] = new long[pages.get(i).tileCount()];
      byteCounts[i] = new long[pages.get(i).tileCount()];
      codecs.add(TileCodec.forPage(pages.get(i)));
    }
    file = PendingFile.create(target);
    channel = file.channel();
    try {
      writeFully(ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
          .put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0)
          .putLong(0).flip(), 0);
    } catch (IOException | RuntimeException e) {
      // No caller holds this writer yet to close it: close the channel and remove the hidden file.
      closeCodecs();
      try {
        file.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Starts a file with the given pages, in IFD order (a pyramid lists level 0 first).
   *
   * @param software the Software tag, e.g. "Slidestream"
   */
  public static BigTiffWriter create(Path target, List<TiffPage> pages, String software) throws IOException {
    Objects.requireNonNull(target, "target");
    if (pages == null || pages.isEmpty()) {
      throw new IllegalArgumentException("a TIFF needs at least one page");
    }
    if (software != null && !software.chars().allMatch(c -> c > 0 && c < 128)) {
      throw new IllegalArgumentException("Software must be non-NUL ASCII");
    }
    return new BigTiffWriter(target, pages, software);
  }

  public List<TiffPage> pages() {
    return pages;
  }

  public TiffPage page(int index) {
    if (index < 0 || index >= pages.size()) {
      throw new IllegalArgumentException("page " + index + " does not exist; the file has " + pages.size());
    }
    return pages.get(index);
  }

  /** Compresses a full tile for {@code page}; thread-safe, so callers may encode in parallel. */
  public byte[] encode(int page, byte[] pixels) {
    TiffPage p = page(page);
    Objects.requireNonNull(pixels, "pixels");
    if (pixels.length != p.tileBytes()) {
      throw new IllegalArgumentException("a tile of page " + page + " is " + p.tileSize() + "x" + p.tileSize()
          + "x" + p.format().samplesPerPixel() + " = " + p.tileBytes() + " bytes, got " + pixels.length);
    }
    return codecs.get(page).encode(pixels);
  }

  /** Compresses and stores a full tile ({@code tileSize² × samples} bytes, edge tiles padded). */
  public void writeTile(int page, int col, int row, byte[] pixels) throws IOException {
    int index = tileIndex(page, col, row);
    byte[] encoded = encode(page, pixels);
    store(page, index, encoded);
  }

  /** Stores a tile compressed by {@link #encode} for the same page. */
  public void writeEncodedTile(int page, int col, int row, byte[] encoded) throws IOException {
    int index = tileIndex(page, col, row);
    if (encoded == null || encoded.length == 0) {
      throw new IllegalArgumentException("an encoded tile cannot be empty");
    }
    store(page, index, encoded);
  }

  private synchronized void store(int page, int index, byte[] encoded) throws IOException {
    checkOpen();
    if (byteCounts[page][index] != 0) {
      throw new IllegalStateException("tile " + index + " of page " + page + " was already written");
    }
    long[] block = encoded.length <= SHARE_MAX_BYTES ? shared.get(ByteBuffer.wrap(encoded)) : null;
    if (block != null) {
      sharedHits++;
    } else {
      block = new long[] {end, encoded.length};
      writeFully(ByteBuffer.wrap(encoded), end);
      end += encoded.length;
      storedBlocks++;
      if (encoded.length <= SHARE_MAX_BYTES && shared.size() < SHARE_MAX_BLOCKS) {
        shared.put(ByteBuffer.wrap(encoded.clone()), block);
      }
    }
    offsets[page][index] = block[0];
    byteCounts[page][index] = block[1];
  }

  public synchronized boolean isWritten(int page, int col, int row) {
    return byteCounts[page][tileIndex(page, col, row)] != 0;
  }

  /**
   * The full tile as stored, decompressed; a tile not written yet reads as the page background.
   * JPEG tiles come back with the encoder's loss.
   */
  public byte[] readTile(int page, int col, int row) throws IOException {
    int index = tileIndex(page, col, row);
    long offset;
    long count;
    synchronized (this) {
      checkOpen();
      offset = offsets[page][index];
      count = byteCounts[page][index];
    }
    if (count == 0) {
      return backgroundTile(pages.get(page));
    }
    ByteBuffer b = ByteBuffer.allocate((int) count);
    while (b.hasRemaining()) {
      if (channel.read(b, offset + b.position()) < 0) {
        throw new IOException("tile data past the end of the file");
      }
    }
    return codecs.get(page).decode(b.array());
  }

  /** Blocks written so far, and how many tiles reused an existing block. */
  public synchronized long storedBlocks() {
    return storedBlocks;
  }

  public synchronized long sharedTiles() {
    return sharedHits;
  }

  /**
   * Fills every tile never written with the page background (one block per distinct background),
   * writes the IFDs and publishes the file.
   */
  public synchronized PublishedFile finish() throws IOException {
    checkOpen();
    for (int p = 0; p < pages.size(); p++) {
      TiffPage page = pages.get(p);
      byte[] fill = null;
      for (int i = 0; i < byteCounts[p].length; i++) {
        if (byteCounts[p][i] == 0) {
          if (fill == null) {
            fill = codecs.get(p).encode(backgroundTile(page));
          }
          store(p, i, fill);
        }
      }
    }
    long position = IfdEncoder.align8(end);
    long first = position;
    List<IfdEncoder> ifds = new ArrayList<>();
    for (int p = 0; p < pages.size(); p++) {
      ifds.add(ifd(p));
    }
    for (int p = 0; p < ifds.size(); p++) {
      long size = ifds.get(p).size();
      long next = p + 1 < ifds.size() ? position + size : 0;
      writeFully(ifds.get(p).encode(position, next), position);
      position += size;
    }
    writeFully(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(first).flip(), 8);
    finished = true;
    closeCodecs();
    return file.publish();
  }

  private IfdEncoder ifd(int p) {
    TiffPage page = pages.get(p);
    TileCodec codec = codecs.get(p);
    int spp = page.format().samplesPerPixel();
    IfdEncoder ifd = new IfdEncoder()
        .longs(TiffTags.NEW_SUBFILE_TYPE, page.reduced() ? 1 : 0)
        .longs(TiffTags.IMAGE_WIDTH, page.width())
        .longs(TiffTags.IMAGE_LENGTH, page.height())
        .shorts(TiffTags.BITS_PER_SAMPLE, spp == 3 ? new int[] {8, 8, 8} : new int[] {8})
        .shorts(TiffTags.COMPRESSION, codec.compressionTag())
        .shorts(TiffTags.PHOTOMETRIC, codec.photometricTag())
        .shorts(TiffTags.SAMPLES_PER_PIXEL, spp)
        .shorts(TiffTags.PLANAR_CONFIGURATION, 1)
        .longs(TiffTags.TILE_WIDTH, page.tileSize())
        .longs(TiffTags.TILE_LENGTH, page.tileSize())
        .long8s(TiffTags.TILE_OFFSETS, offsets[p])
        .long8s(TiffTags.TILE_BYTE_COUNTS, byteCounts[p])
        .shorts(TiffTags.SAMPLE_FORMAT, spp == 3 ? new int[] {1, 1, 1} : new int[] {1});
    if (page.description() != null) {
      ifd.ascii(TiffTags.IMAGE_DESCRIPTION, page.description());
    }
    if (software != null) {
      ifd.ascii(TiffTags.SOFTWARE, software);
    }
    if (!Double.isNaN(page.micronsPerPixel())) {
      ifd.rationals(TiffTags.X_RESOLUTION, pixelsPerCentimetre(page.micronsPerPixel()))
          .rationals(TiffTags.Y_RESOLUTION, pixelsPerCentimetre(page.micronsPerPixelY()))
          .shorts(TiffTags.RESOLUTION_UNIT, TiffTags.RESOLUTION_UNIT_CM);
    }
    if (page.format() instanceof TileFormat.Deflate d && d.predictor()) {
      ifd.shorts(TiffTags.PREDICTOR, TiffTags.PREDICTOR_HORIZONTAL);
    }
    if (page.format() instanceof TileFormat.Jpeg) {
      ifd.shorts(TiffTags.YCBCR_SUBSAMPLING, 2, 2);
      // JPEG's YCbCr is full range; saying so keeps readers that do their own conversion exact.
      ifd.rationals(TiffTags.REFERENCE_BLACK_WHITE, 0, 1, 255, 1, 128, 1, 255, 1, 128, 1, 255, 1);
    }
    return ifd;
  }

  /** 10⁴/µm pixels per cm as a rational that fits in 32 bits. */
  static long[] pixelsPerCentimetre(double micronsPerPixel) {
    double perCm = 10_000.0 / micronsPerPixel;
    long den = 1;
    while (den < 1_000_000 && perCm * den * 10 < 0xffff_ffffL) {
      den *= 10;
    }
    long num = Math.round(perCm * den);
    if (num <= 0 || num > 0xffff_ffffL) {
      throw new IllegalArgumentException("resolution " + micronsPerPixel + " µm/px cannot be written");
    }
    return new long[] {num, den};
  }

  private static byte[] backgroundTile(TiffPage page) {
    byte[] t = new byte[page.tileBytes()];
    int bg = page.background();
    if (page.format().samplesPerPixel() == 1) {
      Arrays.fill(t, (byte) bg);
    } else {
      for (int i = 0; i < t.length; i += 3) {
        t[i] = (byte) (bg >> 16);
        t[i + 1] = (byte) (bg >> 8);
        t[i + 2] = (byte) bg;
      }
    }
    return t;
  }

  private int tileIndex(int page, int col, int row) {
    TiffPage p = page(page);
    if (col < 0 || row < 0 || col >= p.columns() || row >= p.rows()) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") is outside page " + page + "'s "
          + p.columns() + "x" + p.rows() + " tile grid");
    }
    return row * p.columns() + col;
  }

  private void checkOpen() {
    if (finished || closed) {
      throw new IllegalStateException("the TIFF writer is already " + (finished ? "finished" : "closed"));
    }
  }

  private void writeFully(ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  private void closeCodecs() {
    codecs.forEach(TileCodec::close);
  }

  /** Abandons an unfinished file (nothing is left on disk); after {@link #finish()} it does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeCodecs();
    file.close();
  }
}
