//! A development node on this machine: substrate-contracts-node started on loopback with a
//! throw-away chain, for the real-node tests and `inktensor dev-node`. It is stopped when the
//! handle is dropped, and by the kernel when the process that started it dies by a signal
//! (which runs no destructor), so no node outlives its test or its `dev-node`.

use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;

/// The node binary `scripts/install-node` installs.
pub const NODE_BINARY: &str = "substrate-contracts-node";

/// How long a fresh development chain may take to open its RPC port.
const STARTUP: Duration = Duration::from_secs(60);

/// Where the node binary is: `$CONTRACTS_NODE`, else `substrate-contracts-node` on `PATH`.
pub fn node_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CONTRACTS_NODE") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(NODE_BINARY))
            .find(|candidate| candidate.is_file())
    })
}

pub struct LocalNode {
    child: Child,
    rpc_port: u16,
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

impl LocalNode {
    /// Starts `binary` with a temporary development chain, listening on 127.0.0.1 only (no
    /// mDNS, telemetry or Prometheus), and waits until its RPC port answers. `rpc_port` 0
    /// picks a free one.
    pub fn start(binary: &PathBuf, rpc_port: u16) -> Result<LocalNode, Error> {
        let rpc_port = match rpc_port {
            0 => free_port().map_err(|e| Error::Node(e.to_string()))?,
            port => port,
        };
        let p2p_port = free_port().map_err(|e| Error::Node(e.to_string()))?;
        let mut command = Command::new(binary);
        command
            .args(["--dev", "--tmp", "--rpc-port", &rpc_port.to_string()])
            .args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
            .args([
                "--no-mdns",
                "--no-prometheus",
                "--no-telemetry",
                "--no-hardware-benchmarks",
            ])
            // Its own process group: a Ctrl-C meant for the command does not kill the node
            // under it (the node still dies with the command, below).
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: the closure runs in the forked child before exec and only makes one
        // async-signal-safe system call: ask for SIGKILL when the parent thread dies.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
        let child = command
            .spawn()
            .map_err(|e| Error::Node(format!("cannot start {}: {e}", binary.display())))?;
        let mut node = LocalNode { child, rpc_port };
        let started = Instant::now();
        let address = SocketAddrV4::new(Ipv4Addr::LOCALHOST, rpc_port);
        while TcpStream::connect_timeout(&address.into(), Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = node.child.try_wait() {
                return Err(Error::Node(format!(
                    "{} exited at start-up: {status}",
                    binary.display()
                )));
            }
            if started.elapsed() > STARTUP {
                return Err(Error::Node(format!(
                    "the node's RPC port {rpc_port} did not open in {STARTUP:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(node)
    }

    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.rpc_port)
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
