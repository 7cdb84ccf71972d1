package org.biomedvital.cli.generate;

import org.biomedvital.InvalidDataException;
import org.biomedvital.cli.FailureReport;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;

/**
 * Resolves each candidate's image and counts every failure by reason, then passes the request
 * on; the runner records the failure as before.
 */
final class CountingGenerator implements InstructionGenerator {
  private final InstructionGenerator delegate;
  private final ImageRoot root;
  private final FailureReport failures;

  CountingGenerator(InstructionGenerator delegate, ImageRoot root, FailureReport failures) {
    this.delegate = delegate;
    this.root = root;
    this.failures = failures;
  }

  @Override
  public GenerationResult generate(GenerationRequest request) {
    GenerationRequest withImage;
    try {
      withImage = request.toBuilder().image(root.resolve(request.figure().image())).build();
    } catch (InvalidDataException e) {
      failures.add("image missing or unreadable under " + root.dir());
      throw e;
    }
    try {
      return delegate.generate(withImage);
    } catch (RuntimeException e) {
      failures.add(e);
      throw e;
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
