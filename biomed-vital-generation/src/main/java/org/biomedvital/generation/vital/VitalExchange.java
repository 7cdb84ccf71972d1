package org.biomedvital.generation.vital;

import java.util.List;
import java.util.Objects;
import org.biomedvital.Experimental;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.QaPair;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.parse.ConversationParser;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TruncatedReplyException;

/**
 * One BioMed-VITAL exchange with a vision model, the same in every generation mode: the prompt a
 * candidate sends and how its reply becomes a conversation (parsed in the prompt's output mode,
 * a reply cut at the token limit refused or cut back to its complete pairs, then post-processed
 * with the candidate's seed). The online {@link BiomedVitalGenerator} and the batch runner both
 * read replies through it, so a candidate gets the same conversation from either. Immutable.
 *
 * @param prompt the prompt
 * @param parser the reply parser
 * @param postProcessing the LLaVA-Med post-processing
 * @param keepTruncated whether a reply cut at the token limit keeps its complete pairs (else it is
 *     a {@link TruncatedReplyException})
 */
@Experimental("the seam between generation modes; may change as modes are added")
public record VitalExchange(BiomedVitalPrompt prompt, ConversationParser parser,
    PostProcessing postProcessing, boolean keepTruncated) {

  /** The defaults: default prompt, parser and post-processing; truncated replies refused. */
  public static final VitalExchange DEFAULT = new VitalExchange(BiomedVitalPrompt.defaults(),
      ConversationParser.defaults(), PostProcessing.DEFAULT, false);

  /** Checks the parts are set. */
  public VitalExchange {
    Objects.requireNonNull(prompt, "prompt == null");
    Objects.requireNonNull(parser, "parser == null");
    Objects.requireNonNull(postProcessing, "postProcessing == null");
  }

  /** The chat request a generation request sends. */
  public ChatRequest render(GenerationRequest request) {
    return prompt.render(request);
  }

  /** The id of the prompt template, as provenance records it. */
  public String templateId() {
    return prompt.template().id();
  }

  /**
   * The conversation of a reply, post-processed with {@code seed}.
   *
   * @throws TruncatedReplyException when the reply was cut at the token limit and is not kept (or
   *     keeps fewer than one complete pair)
   * @throws org.biomedvital.UnparseableReplyException when the reply is no conversation
   */
  public Conversation read(ChatResponse response, long seed) {
    Conversation parsed;
    if (!response.truncated()) {
      parsed = parser.parse(response.text(), prompt.mode());
    } else if (keepTruncated) {
      parsed = withoutLastPair(parser.parse(response.text(), prompt.mode()), response);
    } else {
      throw new TruncatedReplyException(response);
    }
    return postProcessing.apply(parsed, seed);
  }

  /** The conversation without its last Q/A pair, the one the token limit cut. */
  private static Conversation withoutLastPair(Conversation c, ChatResponse response) {
    List<QaPair> pairs = c.pairs();
    if (pairs.size() < 2) {
      throw new TruncatedReplyException(response);
    }
    return Conversation.ofPairs(pairs.subList(0, pairs.size() - 1));
  }
}
