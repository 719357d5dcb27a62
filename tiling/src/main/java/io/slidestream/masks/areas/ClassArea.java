package io.slidestream.masks.areas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How much of a mask one class covers.
 *
 * @param id       the label
 * @param name     the class name from the spec, or {@link io.slidestream.images.LabelClass#unnamed}'s
 *                 {@code "Class <id>"} for an id it does not name
 * @param pixels   mask pixels with this label
 * @param fraction share of all mask pixels
 * @param areaUm2  area in µm², or null when the mask's µm/px is unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassArea(int id, String name, long pixels, double fraction, Double areaUm2) {}
