"""Writes slides that carry label and macro images beside their pyramid, with tifffile.

usage: python3 write_associated_image_tiffs.py OUTDIR

The slide's own pixels never contain pure green or pure blue; every macro image is pure green
(0, 255, 0) and every label pure blue (0, 0, 255), so a test can tell at once whether a reader let
one of them into a pyramid level. Each level's pixels are saved raw (NAME-LEVEL.raw) as in
write_reference_tiffs.py.

Files:
  generic-flagged.tif   levels flagged reduced-resolution (NewSubfileType 1); a tiled macro of
                        another aspect ratio, a tiled label, a tiled unflagged overview of the
                        slide's aspect ratio, and a stripped label and macro.
  generic-unflagged.tif no page flagged: levels, plus a tiled macro of another aspect ratio and a
                        tiled macro wrongly flagged reduced-resolution.
  aperio-like.svs       Aperio layout: level 0, stripped thumbnail, a reduced level, then a tiled
                        macro of the slide's own aspect ratio flagged reduced (as some scanners
                        write it), a stripped label and a stripped macro, named by description.
  scn-like.scn          a Leica SCN layout OpenSlide opens: a main image of 3 levels and a tiled
                        macro of the whole glass, described by SCN XML.
  ventana-like.bif, philips-like.tiff, ndpi-like.ndpi
                        tiled pyramids marked as another vendor's layout (Ventana iScan XMP,
                        Philips DPUfsImport description, Hamamatsu's NDPI tag) whose first page
                        is a tiled macro, as in a Ventana BIF.
"""
import os
import sys

import numpy as np
import tifffile

GREEN = (0, 255, 0)
BLUE = (0, 0, 255)


def slide(height, width):
    """Stain-like colours, bounded away from the pure green and blue of label and macro."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 170 + 60 * np.sin(x / 41.0) * np.cos(y / 23.0)
    g = 120 + 70 * np.cos((x + 2 * y) / 57.0)
    b = 160 + 60 * np.sin((2 * x - y) / 33.0)
    return np.clip(np.stack([r, g, b], axis=-1), 40, 235).astype(np.uint8)


def flat(height, width, colour):
    img = np.empty((height, width, 3), np.uint8)
    img[:, :] = colour
    return img


def save_raw(outdir, name, levels):
    for i, level in enumerate(levels):
        np.ascontiguousarray(level).tofile(os.path.join(outdir, f"{name}-{i}.raw"))


def tiled(tif, img, subfiletype, description=None, tile=(128, 128)):
    tif.write(img, photometric="rgb", tile=tile, compression="zlib", subfiletype=subfiletype,
              description=description, metadata=None)


def stripped(tif, img, subfiletype, description=None):
    tif.write(img, photometric="rgb", rowsperstrip=16, compression="zlib", subfiletype=subfiletype,
              description=description, metadata=None)


def generic_flagged(outdir):
    a = slide(1024, 2048)
    levels = [a, a[::4, ::4], a[::16, ::16]]
    with tifffile.TiffWriter(os.path.join(outdir, "generic-flagged.tif"), byteorder="<") as tif:
        tif.write(levels[0], photometric="rgb", tile=(256, 256), compression="zlib",
                  resolution=(20000, 20000), resolutionunit="CENTIMETER", metadata=None)
        tiled(tif, flat(1040, 400, GREEN), 0)                  # macro, narrower than level 0
        tiled(tif, flat(500, 1000, GREEN), 0)                  # slide's aspect, but not flagged
        tiled(tif, levels[1], 1)
        tiled(tif, flat(300, 300, BLUE), 0)                    # label
        tiled(tif, levels[2], 1, tile=(64, 64))
        stripped(tif, flat(300, 300, BLUE), 0)
        stripped(tif, flat(1040, 400, GREEN), 0)
    save_raw(outdir, "generic-flagged", levels)


def generic_unflagged(outdir):
    a = slide(768, 1536)
    levels = [a, a[::2, ::2], a[::8, ::8]]
    with tifffile.TiffWriter(os.path.join(outdir, "generic-unflagged.tif"), byteorder=">") as tif:
        tif.write(levels[0], photometric="rgb", tile=(256, 256), compression="zlib", metadata=None)
        tiled(tif, flat(1300, 500, GREEN), 0)                  # macro, narrower than level 0
        tiled(tif, levels[1], 0)
        tiled(tif, flat(640, 250, GREEN), 1)                   # macro wrongly flagged reduced
        tiled(tif, levels[2], 0, tile=(64, 64))
    save_raw(outdir, "generic-unflagged", levels)


def aperio_like(outdir):
    a = slide(1024, 2048)
    levels = [a, a[::4, ::4]]
    head = "Aperio Image Library vTest\r\n"
    with tifffile.TiffWriter(os.path.join(outdir, "aperio-like.svs"), byteorder="<") as tif:
        tiled(tif, levels[0], 0, head + "2048x1024 [0,0 2048x1024] (256x256) -> 2048x1024|AppMag = 20|MPP = 0.5",
              tile=(256, 256))
        stripped(tif, a[::8, ::8], 0, head + "2048x1024 -> 256x128 - |AppMag = 20|MPP = 0.5")
        tiled(tif, levels[1], 0, head + "2048x1024 -> 512x256 - |AppMag = 20|MPP = 0.5")
        tiled(tif, flat(500, 1000, GREEN), 1, head + "macro 1000x500")
        stripped(tif, flat(400, 400, BLUE), 1, head + "label 400x400")
        stripped(tif, flat(500, 1000, GREEN), 9, head + "macro 1000x500")
    save_raw(outdir, "aperio-like", levels)


SCN = """<?xml version="1.0" encoding="utf-8"?>
<scn xmlns="http://www.leica-microsystems.com/scn/2010/10/01">
  <collection name="fixture" uuid="fixture" sizeX="200000" sizeY="400000">
    <barcode>NOT-A-PATIENT</barcode>
    <image name="macro" uuid="macro">
      <creationDate>2024-01-01T00:00:00.000Z</creationDate>
      <device model="fixture" version="1"/>
      <pixels sizeX="500" sizeY="1000">
        <dimension sizeX="500" sizeY="1000" r="0" ifd="3"/>
      </pixels>
      <view sizeX="200000" sizeY="400000" offsetX="0" offsetY="0" spacingZ="0"/>
      <scanSettings>
        <objectiveSettings><objective>5</objective></objectiveSettings>
        <illuminationSettings>
          <numericalAperture>0.1</numericalAperture>
          <illuminationSource>brightfield</illuminationSource>
        </illuminationSettings>
      </scanSettings>
    </image>
    <image name="main" uuid="main">
      <creationDate>2024-01-01T00:00:00.000Z</creationDate>
      <device model="fixture" version="1"/>
      <pixels sizeX="1024" sizeY="512">
        <dimension sizeX="1024" sizeY="512" r="0" ifd="0"/>
        <dimension sizeX="256" sizeY="128" r="1" ifd="1"/>
        <dimension sizeX="64" sizeY="32" r="2" ifd="2"/>
      </pixels>
      <view sizeX="102400" sizeY="51200" offsetX="20000" offsetY="30000" spacingZ="0"/>
      <scanSettings>
        <objectiveSettings><objective>20</objective></objectiveSettings>
        <illuminationSettings>
          <numericalAperture>0.4</numericalAperture>
          <illuminationSource>brightfield</illuminationSource>
        </illuminationSettings>
      </scanSettings>
    </image>
  </collection>
</scn>
"""


def scn_like(outdir):
    a = slide(512, 1024)
    levels = [a, a[::4, ::4], a[::16, ::16]]
    with tifffile.TiffWriter(os.path.join(outdir, "scn-like.scn"), bigtiff=True, byteorder="<") as tif:
        tiled(tif, levels[0], 0, SCN)
        tiled(tif, levels[1], 1)
        tiled(tif, levels[2], 1, tile=(16, 16))
        tiled(tif, flat(1000, 500, GREEN), 0)
    save_raw(outdir, "scn-like", levels)


def marked(outdir, name, description=None, extratags=()):
    a = slide(512, 1024)
    with tifffile.TiffWriter(os.path.join(outdir, name), byteorder="<") as tif:
        tif.write(flat(500, 1000, GREEN), photometric="rgb", tile=(128, 128), compression="zlib",
                  description=description, extratags=extratags, metadata=None)
        tiled(tif, a, 0)
        tiled(tif, a[::4, ::4], 1)


def main(outdir):
    generic_flagged(outdir)
    generic_unflagged(outdir)
    aperio_like(outdir)
    scn_like(outdir)
    xmp = b'<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><iScan Magnification="20"/></x:xmpmeta>'
    marked(outdir, "ventana-like.bif", "Label Image", [(700, 1, len(xmp), xmp, True)])
    marked(outdir, "philips-like.tiff",
           '<?xml version="1.0" encoding="UTF-8" ?><DataObject ObjectType="DPUfsImport"></DataObject>')
    marked(outdir, "ndpi-like.ndpi", None, [(65420, 4, 1, 1, True)])


if __name__ == "__main__":
    main(sys.argv[1])
