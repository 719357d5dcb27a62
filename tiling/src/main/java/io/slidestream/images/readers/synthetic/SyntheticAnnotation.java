package io.slidestream.images.readers.synthetic;

import org.locationtech.jts.geom.Polygon;

/**
 * One simulated pathologist annotation: a blob or a brush stroke lying wholly inside one region of
 * its class.
 *
 * @param id      stable identifier (the same slide spec always gives the same ids)
 * @param classId a {@link SyntheticClasses} id, 1..6
 * @param polygon outline in level-0 pixel coordinates
 */
public record SyntheticAnnotation(String id, int classId, Polygon polygon) {}
