/**
 * Model repositories read at a commit with JGit: a local path or a remote URL (cloned bare into a
 * cache), the commit resolved, and the spec and data files read from the commit's tree, never from
 * a working copy that may have moved on.
 */
package dev.mlpipe.trainer.repo;
