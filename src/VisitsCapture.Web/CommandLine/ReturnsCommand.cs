namespace VisitsCapture.Web.CommandLine;

/// <summary>`returns generate` and `returns export` (the returns issue implements them).</summary>
public static class ReturnsCommand
{
    public static Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        throw new CommandException($"returns {args[0]} is not yet available in this version.");
}
