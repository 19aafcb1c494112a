/**
 * Training recipes: turn the training rows of a split and a candidate's hyper-parameters into a
 * trained model. Holds the plain-Java SGD matrix factorisation (the baseline every other
 * recommender recipe is measured against) and the Deeplearning4j embedding matrix factorisation,
 * whose trained embeddings are folded into the same plain-Java factor model for serving; {@link
 * dev.mlpipe.trainer.recipe.NativeRuntime} bounds ND4J's threads and off-heap memory from code.
 */
package dev.mlpipe.trainer.recipe;
