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

// The database first: PostgreSQL job storage and the recurring jobs need it to exist.
await app.PrepareDatabaseAsync();
app.UseVisitsCapture();
await app.RunAsync();
return 0;

public partial class Program;
