package io.slidestream.images.writers.tiff.internals;

import io.slidestream.images.writers.tiff.TileFormat;
import io.slidestream.images.writers.tiff.TiffPage;
import java.io.IOException;

/**
 * Compresses and decompresses full tiles of one page. Implementations are safe to call from
 * several threads at once (encoders are pooled, not shared).
 */
public interface TileCodec extends AutoCloseable {

  /** TIFF Compression tag value. */
  int compressionTag();

  /** TIFF PhotometricInterpretation tag value. */
  int photometricTag();

  /** Encodes one tile of {@code tileSize² × samples} bytes. */
  byte[] encode(byte[] pixels);

  /**
   * Decodes a stored tile back to {@code tileSize² × samples} bytes.
   *
   * @throws IOException when the stored bytes are not a valid tile of this page
   */
  byte[] decode(byte[] stored) throws IOException;

  @Override
  void close();

  static TileCodec forPage(TiffPage page) {
    if (page.format() instanceof TileFormat.Jpeg j) {
      return new JpegTileCodec(page.tileSize(), j.quality());
    }
    TileFormat.Deflate d = (TileFormat.Deflate) page.format();
    return new DeflateTileCodec(page.tileSize(), d.level(), d.predictor());
  }
}
