package io.slidestream.tiles;

/**
 * One tile of a grid: a core square that it owns in the output, read with a halo of context on
 * every side so that predictions near the core's edge see their neighbourhood.
 *
 * @param index  position in the grid's tile list (0, 1, …): stable for a given slide and
 *               settings, so consumers can deduplicate by (job, index)
 * @param col    grid column of the core
 * @param row    grid row of the core
 * @param x      level-0 x of the patch's top-left corner (core minus halo; may be negative)
 * @param y      level-0 y of the patch's top-left corner
 */
public record Tile(int index, int col, int row, long x, long y) {}
