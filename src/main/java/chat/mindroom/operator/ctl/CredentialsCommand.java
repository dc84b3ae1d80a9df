package chat.mindroom.operator.ctl;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code credentials NAME}: the instance's customer-facing generated secrets (a token with the
 * secrets scope; the operator records who read them). Exit 4 with any other token.
 */
@Command(name = "credentials", description = "Show an instance's generated credentials (needs the secrets scope).")
final class CredentialsCommand implements Callable<Integer> {

    enum Output { yaml, json }

    @ParentCommand
    Mindroomctl root;

    @Parameters(index = "0", description = "The instance's name.")
    String name;

    @Option(names = {"-o", "--output"}, description = "Output format: ${COMPLETION-CANDIDATES} (default: a table).")
    Output output;

    @Override
    public Integer call() {
        Map<String, Object> answer = root.api().get("/api/v1/instances/" + ApiClient.encode(name) + "/credentials");
        if (output != null) {
            Trees.print(root.out, answer, output.name());
            return ExitCode.OK;
        }
        Map<String, Object> descriptions = Trees.map(answer.get("descriptions"));
        Table table = new Table("KEY", "VALUE", "DESCRIPTION");
        Trees.map(answer.get("credentials")).forEach((key, value) -> table.add(key, value, descriptions.get(key)));
        table.print(root.out);
        return ExitCode.OK;
    }
}
