#![no_std]
#![no_main]

// cargo-auditable links the same kind of static into the executable.
#[link_section = ".dep-v0"]
#[used]
static AUDIT_DATA: [u8; include_bytes!("dep-v0.z").len()] = *include_bytes!("dep-v0.z");

#[no_mangle]
pub extern "C" fn _start() -> ! {
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
