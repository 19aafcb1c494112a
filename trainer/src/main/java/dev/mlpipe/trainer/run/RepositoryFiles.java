package dev.mlpipe.trainer.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The files a spec names (e.g. {@code data.file.path}), as of the version of the model repository
 * being trained: the commit's tree for the trainer stage, a directory for {@code mlpipe train}.
 * Paths are relative to the directory that holds the spec, with {@code /} as separator.
 */
public interface RepositoryFiles {

  /** Opens the file, or empty when there is no such file. The caller closes the stream. */
  Optional<InputStream> open(String path) throws IOException;

  /** Names the file for messages, e.g. {@code data/u.data at commit 1a2b3c4d5e of repo}. */
  String describe(String path);
}
