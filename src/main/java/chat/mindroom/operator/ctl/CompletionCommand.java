package chat.mindroom.operator.ctl;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code completion bash|zsh}: a completion script generated from the command model, so it never
 * falls behind the commands. zsh loads the same script through bashcompinit.
 */
@Command(name = "completion", description = "Print a shell completion script: source <(mindroomctl completion bash).")
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("mindroomctl", Mindroomctl.commandLine(new Mindroomctl()));
        if (shell == Shell.zsh) {
            root.out.println("autoload -U +X compinit && compinit");
            root.out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        root.out.print(script);
        return ExitCode.OK;
    }
}
