package chat.mindroom.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.DokkuCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox's model of Dokku's argument handling (dokku-facts section 4). */
class DokkuArgvTest {

    @Test
    void xargsQuotingRules() {
        assertThat(DokkuArgv.parse("config:get app 'it'\"'\"'s' \"a b\" c\\ d ''").args())
                .containsExactly("app", "it's", "a b", "c d", "");
        assertThat(DokkuArgv.parse("config:get app $(x) ; `y` a*").args()).containsExactly("app", "$(x)", ";", "`y`", "a*");
    }

    @Test
    void echoEatsOptionLikeWords() {
        assertThat(DokkuArgv.parse("postgres:link db app -n").args()).containsExactly("db", "app");
        assertThat(DokkuArgv.parse("config:get app -e").args()).containsExactly("app", "");
        assertThat(DokkuArgv.parse("config:get app --help").args()).contains("Usage: /bin/echo [SHORT-OPTION]... [STRING]...");
    }

    @Test
    void firstPassFlagsActEvenInsideQuotes() {
        DokkuArgv argv = DokkuArgv.parse("config:get app 'x --app evil'");
        // The crude first pass keeps the quote: Dokku would prepend "evil'" as the app name.
        assertThat(argv.appFlag()).contains("evil'");
        assertThat(argv.globalFlags()).contains("--app");
        assertThat(DokkuArgv.parse("apps:destroy 'x --force y' app").globalFlags()).contains("--force");
    }

    @Test
    void gitCommandsAreSplitOnWhitespaceOnly() {
        assertThat(DokkuArgv.parse("git:from-image app 'img:1'").args()).containsExactly("app", "'img:1'");
    }

    @Test
    void anUnbalancedQuoteTruncatesAndStillRuns() {
        DokkuArgv argv = DokkuArgv.parse("config:get app 'oops");
        assertThat(argv.args()).containsExactly("app");
        assertThat(argv.xargsError()).contains("unmatched single quote");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "it's", "\"double\"", "$(cmd)", "`cmd`", "a;b|c&&d", "back\\slash",
        "tab\there", "ünïcödé ✓", "  lead and trail  ", "*", "dash-in-middle-", "='", "''", "x-n"})
    void everyValueTheEncoderAcceptsArrivesUnchanged(String value) {
        DokkuCommand command = DokkuCommand.of("config:get").arg("app").arg(value).build();
        assertThat(DokkuArgv.parse(command.encoded()).args()).isEqualTo(List.of("app", value));
    }
}
