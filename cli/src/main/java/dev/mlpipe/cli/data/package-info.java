/** Data sets from the command line: seeded generators of data with the real data sets' shapes. */
package dev.mlpipe.cli.data;
