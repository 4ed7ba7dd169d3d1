package dev.portico.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Facts about the machine a run happened on, for the report: results mean little without them. */
public record MachineInfo(int cpus, String cpuModel, String memory, String os, String javaVersion, String prosody,
                          String jvmArgs) {

    /** Gathers the facts, running {@code java -version} and {@code prosodyctl about}. */
    public static MachineInfo gather() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new MachineInfo(
            Runtime.getRuntime().availableProcessors(),
            firstValue(Path.of("/proc/cpuinfo"), "model name"),
            firstValue(Path.of("/proc/meminfo"), "MemTotal"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            run(List.of(java, "-version")).strip(),
            run(List.of("prosodyctl", "about")).lines().filter(l -> l.matches("Prosody [0-9].*")).findFirst().orElse("?"),
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
