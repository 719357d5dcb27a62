"""Writes the reference TIFFs the reader tests compare against, with tifffile.

usage: python3 write_reference_tiffs.py OUTDIR

Each level's pixels are also saved raw (NAME-LEVEL.raw: height x width x samples, uint8, C order)
so a test can check that a reader returns exactly what was written.
"""
import os
import sys

import numpy as np
import tifffile


def lzw_encode(data, **_kwargs):
    """TIFF 6.0 LZW (MSB-first codes, early change); tifffile needs imagecodecs for it."""
    data = np.ascontiguousarray(data).tobytes()
    out = bytearray()
    acc = 0
    nbits = 0

    def put(code, width):
        nonlocal acc, nbits
        acc = (acc << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
        acc &= (1 << nbits) - 1

    width = 9
    put(256, width)
    table = {}
    nxt = 258
    prefix = -1
    for c in data:
        if prefix < 0:
            prefix = c
            continue
        key = (prefix << 8) | c
        code = table.get(key)
        if code is not None:
            prefix = code
            continue
        put(prefix, width)
        table[key] = nxt
        nxt += 1
        if nxt == 4095:
            put(256, width)
            table = {}
            nxt = 258
            width = 9
        elif nxt == (1 << width):
            width += 1
        prefix = c
    if prefix >= 0:
        put(prefix, width)
        nxt += 1
        if nxt == (1 << width) and width < 12:
            width += 1
    put(257, width)
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)


tifffile.TIFF.COMPRESSORS._codecs[5] = lzw_encode


def slide_like(rng, height, width, samples=3):
    """Smooth stain-like gradients plus noise: compressible, with long and short LZW strings."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    base = np.stack([
        128 + 90 * np.sin(x / 37.0) * np.cos(y / 53.0),
        128 + 80 * np.cos((x + y) / 71.0),
        128 + 70 * np.sin((x - 2 * y) / 29.0),
    ], axis=-1)[:, :, :samples]
    noise = rng.normal(0, 12, size=base.shape)
    img = np.clip(base + noise, 0, 255).astype(np.uint8)
    # Flat blocks, as glass between tissue, give the long runs LZW tables fill up with.
    img[: height // 5, : width // 4] = 242
    return img


def save_raw(outdir, name, levels):
    for i, level in enumerate(levels):
        np.ascontiguousarray(level).tofile(os.path.join(outdir, f"{name}-{i}.raw"))


def main(outdir):
    rng = np.random.default_rng(20240611)

    # Generic pyramid, BigTIFF, little-endian: each level another encoding. OpenSlide reads it too
    # (through libtiff), which checks the LZW encoder above against libtiff's decoder.
    a = slide_like(rng, 777, 1000)
    levels = [a, a[::2, ::2], a[::4, ::4], a[::8, ::8]]
    encodings = [
        dict(compression="zlib", predictor=2, tile=(128, 128)),           # 8 + predictor
        dict(compression="lzw", predictor=2, tile=(64, 64)),              # 5 + predictor
        dict(compression=None, tile=(32, 32)),                            # 1
        dict(compression=("deflate", None, {}), tile=(16, 16)),           # 32946
    ]
    with tifffile.TiffWriter(os.path.join(outdir, "generic.tif"), bigtiff=True, byteorder="<") as tif:
        for i, (level, enc) in enumerate(zip(levels, encodings)):
            tif.write(level, photometric="rgb", subfiletype=0 if i == 0 else 1,
                      resolution=(20000 / 2**i, 20000 / 2**i), resolutionunit="CENTIMETER", **enc)
    save_raw(outdir, "generic", levels)

    # Generic pyramid, classic TIFF, big-endian, grey, resolution in inches.
    g = slide_like(rng, 400, 600, samples=1)[:, :, 0]
    glevels = [g, g[::2, ::2]]
    with tifffile.TiffWriter(os.path.join(outdir, "grey-be.tif"), bigtiff=False, byteorder=">") as tif:
        tif.write(glevels[0], photometric="minisblack", tile=(64, 64), compression="lzw", predictor=2,
                  resolution=(50800, 50800), resolutionunit="INCH")
        tif.write(glevels[1], photometric="minisblack", tile=(64, 64), compression="zlib",
                  subfiletype=1, resolution=(25400, 25400), resolutionunit="INCH")
    save_raw(outdir, "grey-be", glevels)

    # OME-TIFF: full resolution in the first directory, reduced levels in its SubIFDs.
    o = slide_like(rng, 600, 800)
    olevels = [o, o[::2, ::2], o[::4, ::4]]
    with tifffile.TiffWriter(os.path.join(outdir, "ome.ome.tif"), bigtiff=False, ome=True) as tif:
        tif.write(olevels[0], photometric="rgb", tile=(128, 128), compression="zlib", predictor=2,
                  subifds=2, metadata={"axes": "YXS", "PhysicalSizeX": 250, "PhysicalSizeXUnit": "nm",
                                       "PhysicalSizeY": 0.26, "PhysicalSizeYUnit": "µm"})
        tif.write(olevels[1], photometric="rgb", tile=(64, 64), compression="lzw", predictor=2, subfiletype=1)
        # Non-square tiles (OpenSlide 3.4.1 misreads those, so they are only here).
        tif.write(olevels[2], photometric="rgb", tile=(48, 32), compression=None, subfiletype=1)
    save_raw(outdir, "ome", olevels)

    # A tiled TIFF OpenSlide (through libtiff) reads but the tiff reader does not: LZMA.
    z = slide_like(rng, 300, 400)
    tifffile.imwrite(os.path.join(outdir, "lzma.tif"), z, photometric="rgb", tile=(64, 64), compression="lzma")
    save_raw(outdir, "lzma", [z])


if __name__ == "__main__":
    main(sys.argv[1])
