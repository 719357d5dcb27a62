package io.slidestream.tiles;

import io.slidestream.images.RgbRaster;

/** A tile and its pixels: the core plus halo, at the grid's resolution. */
public record TilePatch(Tile tile, RgbRaster pixels) {}
