package io.slidestream.masks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds mask writer kinds on the class path and opens the ones a job asks for. */
public final class MaskWriters {

  private MaskWriters() {}

  public static Map<String, MaskWriterProvider> providers() {
    return ServiceLoader.load(MaskWriterProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(MaskWriterProvider::name, Function.identity(), (a, b) -> a));
  }

  /** Opens one writer per kind; if one fails to open, those already opened are closed. */
  public static List<MaskWriter> open(List<String> kinds, MaskSpec spec, Path directory) {
    Map<String, MaskWriterProvider> all = providers();
    List<MaskWriter> opened = new ArrayList<>();
    try {
      for (String kind : kinds) {
        MaskWriterProvider p = all.get(kind);
        if (p == null) {
          throw new IllegalArgumentException("unknown mask output '" + kind + "'; known: " + all.keySet());
        }
        opened.add(p.open(spec, directory));
      }
      return opened;
    } catch (RuntimeException e) {
      opened.forEach(MaskWriter::close);
      throw e;
    }
  }
}
