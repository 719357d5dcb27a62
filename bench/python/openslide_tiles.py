#!/usr/bin/python3
"""Reference reader for `slidestream bench tiles`: reads the same tiles through python3-openslide.

Usage: openslide_tiles.py SLIDE TILE_SIZE [REPEATS]
Reads level-0 tiles of TILE_SIZE x TILE_SIZE in row-major order (edge tiles clipped), converts
each to RGB as a user would, REPEATS times with a fresh OpenSlide handle each time (so its tile
cache starts empty, as the Java readers' do), and prints one JSON line: pixels read, wall
seconds, CPU seconds.
"""
import json
import sys
import time

import openslide


def main():
    path, size = sys.argv[1], int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    pixels = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        slide = openslide.OpenSlide(path)
        width, height = slide.dimensions
        for y in range(0, height, size):
            for x in range(0, width, size):
                w, h = min(size, width - x), min(size, height - y)
                region = slide.read_region((x, y), 0, (w, h)).convert("RGB")
                pixels += region.size[0] * region.size[1]
        slide.close()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(json.dumps({"pixels": pixels, "wall": wall, "cpu": cpu}))


if __name__ == "__main__":
    main()
