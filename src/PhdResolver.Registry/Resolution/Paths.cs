using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Resolution;

/// <summary>Canonical paths of records (relative to the deployment base, starting with '/').</summary>
public static class Paths
{
    public static string Of(FacilityRecord f) => "/" + f.Pid;
    public static string Of(ModelRecord m) => "/" + m.Pid;
    public static string Of(FacilityRecord f, ModelRecord m) => "/" + f.Pid + "/" + m.Pid;
    public static string Of(InstanceRecord i) => "/" + i.Facility + "/" + i.Model + "/" + i.Pid;
    public static string Of(InstanceRecord i, int version) => Of(i) + "/c" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Of(InstanceRecord i, ConfigRef config) => Of(i) + "/" + config;
}
