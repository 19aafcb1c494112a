/**
 * Model artifacts: the one self-contained file a trained model becomes (its model card and its
 * parameters), and the content-addressed store ({@code <dir>/sha256/<hex>}) that holds artifacts
 * and evaluation splits, verified against their SHA-256 on every read.
 */
package dev.mlpipe.models.artifact;
