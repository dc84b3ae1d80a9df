package chat.mindroom.operator.ctl;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hosts}: the Dokku hosts, their reachability, load and brakes. */
@Command(name = "hosts", description = "List the Dokku hosts: reachability, version, load, safety brakes.",
        subcommands = HostOrphansCommand.class)
final class HostsCommand implements Callable<Integer> {

    @ParentCommand
    Mindroomctl root;

    @Option(names = {"-o", "--output"}, description = "yaml or json instead of a table.")
    String output;

    @Override
    public Integer call() {
        Map<String, Object> hosts = root.api().get("/api/v1/hosts");
        if ("yaml".equals(output) || "json".equals(output)) {
            Trees.print(root.out, hosts, output);
            return ExitCode.OK;
        }
        Table table = new Table("NAME", "ADDRESS", "REACHABLE", "DOKKU", "INSTANCES", "BRAKE");
        for (Object h : Trees.list(hosts.get("items"))) {
            Map<String, Object> host = Trees.map(h);
            Object brake = Trees.at(host, "safetyBrake.reason");
            table.add(host.get("name"), host.get("address"), host.get("reachable"), host.get("dokkuVersion"),
                    host.get("instances") + "/" + host.get("capacity"), brake == null ? "-" : brake);
        }
        table.print(root.out);
        Object fleetBrake = Trees.at(hosts, "fleetBrake.reason");
        if (fleetBrake != null) {
            root.out.println("Fleet brake: " + fleetBrake);
        }
        return ExitCode.OK;
    }
}
