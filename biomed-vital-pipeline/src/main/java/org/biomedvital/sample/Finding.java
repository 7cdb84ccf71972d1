package org.biomedvital.sample;

import org.biomedvital.data.Domain;

/**
 * What one synthetic figure shows: the drawing and every sentence about it derive from these
 * values, so captions, mentions and answers match the pixels.
 *
 * @param domain the imaging domain
 * @param kind the finding's key, e.g. {@code nodule}
 * @param side {@code right} or {@code left} (the patient's side; radiology images show the patient's
 *     right on the image's left), or {@code upper}/{@code lower} for histology and gross specimens
 * @param region where, e.g. {@code upper zone}, {@code frontal lobe}, {@code liver}
 * @param size the size: millimetres for radiology, centimetres for gross specimens, 0 when none
 * @param variant a small integer that varies the drawing (texture, shape) within a kind
 */
record Finding(Domain domain, String kind, String side, String region, int size, int variant) {}
