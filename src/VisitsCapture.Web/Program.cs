using VisitsCapture.Web.CommandLine;
using VisitsCapture.Web.Configuration;

// One binary: with a command (import, returns, demo) it runs that command and exits; otherwise it serves the app.
var command = Commands.IsCommand(args);
var builder = WebApplication.CreateBuilder(command ? [] : args);
builder.AddVisitsCapture();
var app = builder.Build();

if (command)
{
    return await Commands.RunAsync(app, args);
}

// The database first: PostgreSQL job storage and the recurring jobs need it to exist. One that cannot be written
// (read-only file, folder or mount, full disk) stops the start with one line saying so, and exit code 1.
try
{
    await app.PrepareDatabaseAsync();
}
catch (Exception e) when (VisitsCapture.Core.Data.DbErrors.IsUnavailable(e))
{
    Console.Error.WriteLine($"VisitsCapture cannot start: the database cannot be written ({e.GetBaseException().Message}). " +
        "Check ConnectionStrings:VisitsCapture, that its file and folder are writable by this process and that the disk has space.");
    return 1;
}
app.UseVisitsCapture();
await app.RunAsync();
return 0;

public partial class Program;
