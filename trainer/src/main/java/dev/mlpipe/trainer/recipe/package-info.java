/**
 * Training recipes: turn the training rows of a split and a candidate's hyper-parameters into a
 * trained model. Holds the plain-Java SGD matrix factorisation, the baseline every other
 * recommender recipe is measured against.
 */
package dev.mlpipe.trainer.recipe;
