package org.biomedvital.evaluation.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.evaluation.internal.PyText;

/**
 * LLaVA-Med's VQA answer normalisation ({@code normalize_word} of its {@code eval_metrics}),
 * reproduced exactly, quirks included.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li>For each of the punctuation marks {@code ; / [ ] " { } ( ) = + \ _ - > < @ ` , ? !}: when
 *       the <em>original</em> text has the mark next to a space, or holds a digit-comma-digit group
 *       anywhere, every occurrence of the mark is deleted; otherwise every occurrence becomes a
 *       space.
 *   <li>Periods not followed by a digit are deleted, but only the first 32 of them (the script
 *       passes {@code re.UNICODE}, which is 32, as {@code re.sub}'s count argument).
 *   <li>The text is lower-cased and split on whitespace; the number words none, zero..ten become
 *       digits; the articles a, an, the are dropped; contractions written without an apostrophe
 *       ({@code dont}) get one ({@code don't}). Keys of that table written with capitals ({@code
 *       Im}, {@code Ive}) never match, because the words are lower-case by then.
 *   <li>The words are joined with single spaces and every remaining comma is deleted.
 * </ol>
 *
 * <p>Colons, apostrophes, asterisks and other marks not in the list are kept. Thread-safe.
 */
public final class VqaNormalizer {
  private static final String PUNCTUATION = ";/[]\"{}()=+\\_-><@`,?!";
  private static final Pattern DIGIT_COMMA_DIGIT = Pattern.compile("\\d,\\d", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PERIOD = Pattern.compile("\\.(?!\\d)", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int PERIOD_LIMIT = 32;
  private static final Set<String> ARTICLES = Set.of("a", "an", "the");
  private static final Map<String, String> NUMBERS = Map.ofEntries(
      Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"),
      Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
      Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
      Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
  private static final Map<String, String> CONTRACTIONS = contractions();

  private VqaNormalizer() {}

  /** Normalises one answer or prediction; see the class documentation for the exact steps. */
  public static String normalize(String text) {
    String original = text;
    boolean digitComma = DIGIT_COMMA_DIGIT.matcher(original).find();
    String s = original;
    for (int i = 0; i < PUNCTUATION.length(); i++) {
      char p = PUNCTUATION.charAt(i);
      String mark = String.valueOf(p);
      boolean spaced = original.contains(mark + " ") || original.contains(" " + mark);
      s = s.replace(mark, spaced || digitComma ? "" : " ");
    }
    s = deletePeriods(s);
    List<String> words = new ArrayList<>();
    for (String w : PyText.split(PyText.lower(s))) {
      String mapped = NUMBERS.getOrDefault(w, w);
      if (!ARTICLES.contains(mapped)) {
        words.add(CONTRACTIONS.getOrDefault(mapped, mapped));
      }
    }
    return String.join(" ", words).replace(",", "");
  }

  private static String deletePeriods(String s) {
    Matcher m = PERIOD.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    int last = 0;
    int count = 0;
    while (count < PERIOD_LIMIT && m.find()) {
      sb.append(s, last, m.start());
      last = m.end();
      count++;
    }
    sb.append(s, last, s.length());
    return sb.toString();
  }

  /**
   * The contraction table of the VQA evaluation tools that LLaVA-Med uses, as pairs "written
   * form=expanded form"; kept verbatim, odd entries included, because the scores depend on it.
   */
  private static Map<String, String> contractions() {
    String table = "aint=ain't arent=aren't cant=can't couldve=could've couldnt=couldn't "
        + "couldn'tve=couldn't've couldnt've=couldn't've didnt=didn't doesnt=doesn't dont=don't "
        + "hadnt=hadn't hadnt've=hadn't've hadn'tve=hadn't've hasnt=hasn't havent=haven't "
        + "hed=he'd hed've=he'd've he'dve=he'd've hes=he's howd=how'd howll=how'll hows=how's "
        + "Id've=I'd've I'dve=I'd've Im=I'm Ive=I've isnt=isn't itd=it'd itd've=it'd've "
        + "it'dve=it'd've itll=it'll let's=let's maam=ma'am mightnt=mightn't "
        + "mightnt've=mightn't've mightn'tve=mightn't've mightve=might've mustnt=mustn't "
        + "mustve=must've neednt=needn't notve=not've oclock=o'clock oughtnt=oughtn't "
        + "ow's'at='ow's'at 'ows'at='ow's'at 'ow'sat='ow's'at shant=shan't shed've=she'd've "
        + "she'dve=she'd've she's=she's shouldve=should've shouldnt=shouldn't "
        + "shouldnt've=shouldn't've shouldn'tve=shouldn't've somebody'd=somebodyd "
        + "somebodyd've=somebody'd've somebody'dve=somebody'd've somebodyll=somebody'll "
        + "somebodys=somebody's someoned=someone'd someoned've=someone'd've "
        + "someone'dve=someone'd've someonell=someone'll someones=someone's "
        + "somethingd=something'd somethingd've=something'd've something'dve=something'd've "
        + "somethingll=something'll thats=that's thered=there'd thered've=there'd've "
        + "there'dve=there'd've therere=there're theres=there's theyd=they'd "
        + "theyd've=they'd've they'dve=they'd've theyll=they'll theyre=they're theyve=they've "
        + "twas='twas wasnt=wasn't wed've=we'd've we'dve=we'd've weve=we've werent=weren't "
        + "whatll=what'll whatre=what're whats=what's whatve=what've whens=when's "
        + "whered=where'd wheres=where's whereve=where've whod=who'd whod've=who'd've "
        + "who'dve=who'd've wholl=who'll whos=who's whove=who've whyll=why'll whyre=why're "
        + "whys=why's wont=won't wouldve=would've wouldnt=wouldn't wouldnt've=wouldn't've "
        + "wouldn'tve=wouldn't've yall=y'all yall'll=y'all'll y'allll=y'all'll "
        + "yall'd've=y'all'd've y'alld've=y'all'd've y'all'dve=y'all'd've youd=you'd "
        + "youd've=you'd've you'dve=you'd've youll=you'll youre=you're youve=you've";
    Map<String, String> m = new HashMap<>();
    for (String pair : table.split(" ")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return Map.copyOf(m);
  }
}
