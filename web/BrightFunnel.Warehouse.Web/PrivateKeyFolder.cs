using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace BrightFunnel.Warehouse.Web;

/// <summary>
/// The data-protection key ring on disk, readable by this account only: the folder mode 700, every
/// key file mode 600 (docs/decisions/web-sessions.md). The keys are XML in clear, as an SSH key is;
/// the file modes are what protect them.
/// </summary>
public sealed class PrivateKeyFolder : IXmlRepository
{
    const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    readonly DirectoryInfo folder;
    readonly FileSystemXmlRepository files;

    public PrivateKeyFolder(string path, ILoggerFactory loggers)
    {
        folder = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, FolderMode);
        files = new FileSystemXmlRepository(folder, loggers);
        Restrict();
    }

    public IReadOnlyCollection<XElement> GetAllElements() => files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        files.StoreElement(element, friendlyName);
        Restrict();
    }

    /// <summary>CreateDirectory leaves an existing folder's mode alone, and files are written under the umask: set both.</summary>
    void Restrict()
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(folder.FullName, FolderMode);
        foreach (var file in folder.EnumerateFiles("*.xml")) File.SetUnixFileMode(file.FullName, FileMode);
    }
}
