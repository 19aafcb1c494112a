/**
 * Tabular data for classifiers and regressors: a declared schema (numeric and categorical feature
 * columns and a target), a compact column-wise table with its canonical bytes and SHA-256, a CSV
 * loader that counts the rows it cannot parse, seeded generators of fraud, churn and taxi-fare data
 * (with a feature-shift drift variant) and a seeded random split.
 */
package dev.mlpipe.models.tabular;
