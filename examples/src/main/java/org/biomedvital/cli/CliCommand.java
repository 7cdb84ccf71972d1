package org.biomedvital.cli;

/**
 * A top-level {@code biomed-vital} subcommand: a picocli {@code @Command} class with a public no-arg
 * constructor, registered in {@code META-INF/services/org.biomedvital.cli.CliCommand}. Commands with
 * their own subcommands ({@code eval vqa}) declare them in their {@code @Command} annotation.
 */
public interface CliCommand {}
