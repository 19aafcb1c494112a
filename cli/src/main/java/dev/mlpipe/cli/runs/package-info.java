/**
 * {@code mlpipe runs}, {@code mlpipe trace} and {@code mlpipe dora}: the pipeline's history read
 * from the topics' beginning, folded into runs by the console module and printed as tables.
 */
package dev.mlpipe.cli.runs;
