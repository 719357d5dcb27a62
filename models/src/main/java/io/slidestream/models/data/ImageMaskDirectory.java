package io.slidestream.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Pairs the images of one directory with the masks of another by file stem ({@code images/train_7.png}
 * with {@code masks/train_7.png}, any of .png, .tif, .tiff, .bmp), as datasets like GlaS are laid
 * out. Pairs come in natural order of their ids (train_2 before train_10), so a split by seed does
 * not depend on how the file system lists them.
 */
public final class ImageMaskDirectory {

  private static final List<String> EXTENSIONS = List.of(".png", ".tif", ".tiff", ".bmp");

  private ImageMaskDirectory() {}

  /**
   * @throws IllegalArgumentException when an image has no mask or a mask no image (named), or a
   *     stem occurs twice in one directory
   */
  public static List<ImageMaskPair> scan(Path images, Path masks) throws IOException {
    Map<String, Path> img = byStem(images);
    Map<String, Path> msk = byStem(masks);
    List<String> noMask = new ArrayList<>();
    List<String> noImage = new ArrayList<>();
    for (String id : img.keySet()) {
      if (!msk.containsKey(id)) {
        noMask.add(id);
      }
    }
    for (String id : msk.keySet()) {
      if (!img.containsKey(id)) {
        noImage.add(id);
      }
    }
    if (!noMask.isEmpty() || !noImage.isEmpty()) {
      throw new IllegalArgumentException("images in " + images + " and masks in " + masks + " do not pair up"
          + (noMask.isEmpty() ? "" : "; images without a mask: " + first(noMask))
          + (noImage.isEmpty() ? "" : "; masks without an image: " + first(noImage)));
    }
    if (img.isEmpty()) {
      throw new IllegalArgumentException("no images (" + String.join(", ", EXTENSIONS) + ") in " + images);
    }
    List<ImageMaskPair> pairs = new ArrayList<>();
    for (String id : img.keySet()) {
      pairs.add(new ImageMaskPair(id, img.get(id), msk.get(id)));
    }
    pairs.sort(Comparator.comparing(ImageMaskPair::id, ImageMaskDirectory::natural));
    return pairs;
  }

  private static String first(List<String> ids) {
    return ids.size() <= 10 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 10)) + " and "
        + (ids.size() - 10) + " more";
  }

  private static Map<String, Path> byStem(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
          if (lower.endsWith(ext) && Files.isRegularFile(p)) {
            String stem = name.substring(0, name.length() - ext.length());
            Path previous = out.put(stem, p);
            if (previous != null) {
              throw new IllegalArgumentException("two files for '" + stem + "' in " + dir + ": "
                  + previous.getFileName() + " and " + name);
            }
          }
        }
      }
    }
    return out;
  }

  /** Compares ids with runs of digits as numbers: a2 < a10. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }
}
