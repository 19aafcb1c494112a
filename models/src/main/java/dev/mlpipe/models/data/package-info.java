/**
 * Rating data for the trainer: a compact columnar table of (user, item, rating, timestamp) rows,
 * loaders for the MovieLens files as GroupLens distributes them (with bad-row accounting), a seeded
 * generator of MovieLens-shaped data, random and time splits, and the SHA-256 hashes that identify
 * the data and the evaluation rows.
 */
package dev.mlpipe.models.data;
