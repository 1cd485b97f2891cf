using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Shared;

/// <summary>The attribution that the open reference data's licences require wherever it is shown (shared/data/README.md).</summary>
public static class Attribution
{
    public const string Text =
        "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025. " +
        "Contains National Statistics data © Crown copyright and database right 2025. Local authority data: mySociety (CC BY 4.0). " +
        "Prison data: Ministry of Justice (prison-register, MIT) and NOMS prison estate list 2017 (OGL v3).";
}
