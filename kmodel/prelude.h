/*
 * kdlint kernel prelude: stand-ins for the kernel headers.
 *
 * Driver files are parsed without a kernel tree. Every #include of a
 * kernel header is dropped, and the entries below that a file mentions are
 * put in front of it instead. An entry is one #define or one typedef line,
 * keyed by the name it defines; entries it mentions come along too.
 *
 * The definitions are shaped for analysis, not compilation:
 *  - annotations (__init, __iomem, ...) expand to nothing;
 *  - macros that take a type argument expand to an expression of that type;
 *  - macros that define objects keep their arguments visible by expanding
 *    to a declaration initialised with a call to the macro's own name
 *    (C does not re-expand a macro inside itself), so the analyzers see
 *    DECLARE_TASKLET(name, fn, data) as a call with its arguments;
 *  - iterator macros become a for statement whose init is the same call.
 */

/* Annotations. */
#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __devinit
#define __devexit
#define __devinitdata
#define __devinitconst
#define __devexit_p(x) x
#define __exit_p(x) x
#define __init_or_module
#define __ref
#define __refdata
#define __meminit
#define __cpuinit
#define __iomem
#define __user
#define __kernel
#define __force
#define __rcu
#define __percpu
#define __bitwise
#define __nocast
#define __safe
#define __must_check
#define __maybe_unused
#define __always_unused
#define __used
#define __cold
#define __hot
#define __weak
#define __pure
#define __packed
#define __read_mostly
#define __ro_after_init
#define __always_inline inline
#define noinline
#define noinline_for_stack
#define notrace
#define asmlinkage
#define __visible
#define __noreturn
#define __malloc
#define __deprecated
#define __flatten
#define __nonstring
#define __attribute_const__
#define __latent_entropy
#define __randomize_layout
#define __no_randomize_layout
#define __designated_init
#define __naked
#define __noclone
#define __counted_by(x)
#define __counted_by_le(x)
#define __counted_by_be(x)
#define __free(x)
#define __cleanup(x)
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __aligned(x)
#define __section(x)
#define __printf(a, b)
#define __scanf(a, b)
#define __alias(x)
#define __cacheline_aligned
#define ____cacheline_aligned
#define __cacheline_aligned_in_smp
#define ____cacheline_aligned_in_smp
#define ____cacheline_internodealigned_in_smp
#define __stringify(x) #x
/* Token pasting helpers, used to build the names of generated functions. */
#define __PASTE(a, b) a##b
#define __CONCAT(a, b) a##b
#define CONCATENATE(a, b) a##b
#define IPSET_TOKEN(a, b) a##b
#define __MODULE_STRING(x) __stringify(x)
#define fallthrough
#define __FUNCTION__ __func__
#define __inline__ inline
#define __inline inline
#define __volatile__ volatile
#define __signed__ signed
#define __restrict restrict
#define __restrict__ restrict
#define __const const
#define __asm__ asm
#define __typeof__ typeof
#define __typeof typeof
#define __extension__
#define __builtin_va_list void *
#define __builtin_va_arg(ap, type) (*(type *)(ap))
#define __builtin_types_compatible_p(t1, t2) 0
#define __builtin_offsetof(type, member) 0

/* Constants. */
#define NULL ((void *)0)
#define true 1
#define false 0
#define KBUILD_MODNAME "kdlint"
#define THIS_MODULE ((struct module *)0)
#define KERN_SOH ""
#define KERN_EMERG ""
#define KERN_ALERT ""
#define KERN_CRIT ""
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_WARN ""
#define KERN_NOTICE ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#define KERN_DEFAULT ""
#define KERN_CONT ""

/* Types. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef unsigned short __le16;
typedef unsigned int __le32;
typedef unsigned long long __le64;
typedef unsigned short __be16;
typedef unsigned int __be32;
typedef unsigned long long __be64;
typedef unsigned short __sum16;
typedef unsigned int __wsum;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef _Bool bool;
typedef unsigned long size_t;
typedef long ssize_t;
typedef long ptrdiff_t;
typedef long long loff_t;
typedef long off_t;
typedef unsigned int dev_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned short umode_t;
typedef unsigned int mode_t;
typedef unsigned int fmode_t;
typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;
typedef int irqreturn_t;
typedef int (*irq_handler_t)(int, void *);
typedef struct { int counter; } atomic_t;
typedef struct { long long counter; } atomic64_t;
typedef struct { long counter; } atomic_long_t;
typedef struct { int refs; } refcount_t;
typedef struct spinlock spinlock_t;
typedef struct raw_spinlock raw_spinlock_t;
typedef struct rwlock rwlock_t;
typedef struct wait_queue_head wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;
typedef void (*work_func_t)(struct work_struct *);
typedef unsigned long long phys_addr_t;
typedef unsigned long long dma_addr_t;
typedef unsigned long long resource_size_t;
typedef unsigned long long sector_t;
typedef unsigned char blk_status_t;
typedef int netdev_tx_t;
typedef unsigned long long netdev_features_t;
typedef long long ktime_t;
typedef long long time64_t;
typedef long time_t;
typedef struct cpumask cpumask_t;
typedef unsigned int __poll_t;
typedef unsigned int vm_fault_t;
typedef unsigned long pgoff_t;
typedef unsigned long irq_hw_number_t;
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;
typedef struct pm_message { int event; } pm_message_t;
typedef struct poll_table_struct poll_table;
typedef void *acpi_handle;
typedef unsigned int acpi_status;
typedef unsigned int phandle;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef unsigned int u_int;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned long u_long;
typedef unsigned int u_int32_t;
typedef unsigned char unchar;
typedef void *va_list;
typedef unsigned long kernel_ulong_t;
typedef long __kernel_long_t;
typedef unsigned long __kernel_size_t;
typedef unsigned int __kernel_dev_t;

/* Macros that take a type. */
#define container_of(ptr, type, member) ((type *)(ptr))
#define container_of_const(ptr, type, member) ((type *)(ptr))
#define list_entry(ptr, type, member) ((type *)(ptr))
#define list_first_entry(ptr, type, member) ((type *)(ptr))
#define list_last_entry(ptr, type, member) ((type *)(ptr))
#define list_first_entry_or_null(ptr, type, member) ((type *)(ptr))
#define list_entry_rcu(ptr, type, member) ((type *)(ptr))
#define hlist_entry(ptr, type, member) ((type *)(ptr))
#define hlist_entry_safe(ptr, type, member) ((type *)(ptr))
#define rb_entry(ptr, type, member) ((type *)(ptr))
#define rb_entry_safe(ptr, type, member) ((type *)(ptr))
#define llist_entry(ptr, type, member) ((type *)(ptr))
#define from_timer(var, timer, field) ((typeof(var))(timer))
#define timer_container_of(var, timer, field) ((typeof(var))(timer))
#define from_tasklet(var, t, field) ((typeof(var))(t))
#define from_work(var, w, field) ((typeof(var))(w))
#define offsetof(type, member) 0
#define offsetofend(type, member) 0
#define sizeof_field(type, member) 0
#define is_signed_type(type) 0
#define is_unsigned_type(type) 1
#define type_max(type) 0
#define type_min(type) 0
#define FIELD_SIZEOF(type, member) 0
#define typeof_member(type, member) int
#define min_t(type, x, y) ((type)(x))
#define max_t(type, x, y) ((type)(x))
#define clamp_t(type, v, lo, hi) ((type)(v))
#define clamp_val(v, lo, hi) (v)
#define va_arg(ap, type) (*(type *)(ap))
#define _IO(t, n) 0
#define _IOR(t, n, type) 0
#define _IOW(t, n, type) 0
#define _IOWR(t, n, type) 0
#define KMEM_CACHE(s, flags) kmem_cache_create(#s, 0, 0, flags, 0)
#define DECLARE_FLEX_ARRAY(type, name) type name[]
#define DECLARE_BITMAP(name, bits) unsigned long name[1]
#define DEFINE_PER_CPU(type, name) type name
#define DECLARE_PER_CPU(type, name) extern type name
#define __bf_shf(x) 0
#define typecheck(type, x) 1
#define BITS_PER_TYPE(type) (sizeof(type) * 8)
#define __same_type(a, b) 1

/* Conditions inside iterator macros (drm_util.h). */
#define for_each_if(condition) if (!(condition)) {} else

/* Objects defined by macro. */
#define DEFINE_SPINLOCK(x) spinlock_t x
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x
#define DEFINE_RWLOCK(x) rwlock_t x
#define DEFINE_MUTEX(x) struct mutex x
#define DEFINE_SEMAPHORE(x, ...) struct semaphore x
#define DECLARE_RWSEM(x) struct rw_semaphore x
#define DECLARE_WAIT_QUEUE_HEAD(x) wait_queue_head_t x
#define DECLARE_WAITQUEUE(x, tsk) wait_queue_entry_t x
#define DEFINE_WAIT(x) wait_queue_entry_t x
#define DECLARE_COMPLETION(x) struct completion x
#define DECLARE_COMPLETION_ONSTACK(x) struct completion x
#define LIST_HEAD(x) struct list_head x
#define HLIST_HEAD(x) struct hlist_head x
#define DEFINE_IDR(x) struct idr x
#define DEFINE_IDA(x) struct ida x
#define DEFINE_XARRAY(x) struct xarray x
#define DEFINE_XARRAY_ALLOC(x) struct xarray x
#define DEFINE_PCI_DEVICE_TABLE(x) const struct pci_device_id x[]
#define DEVICE_ATTR(name, ...) struct device_attribute dev_attr_##name
#define DEVICE_ATTR_RO(name) struct device_attribute dev_attr_##name
#define DEVICE_ATTR_RW(name) struct device_attribute dev_attr_##name
#define DEVICE_ATTR_WO(name) struct device_attribute dev_attr_##name
#define DRIVER_ATTR_RO(name) struct driver_attribute driver_attr_##name
#define DRIVER_ATTR_RW(name) struct driver_attribute driver_attr_##name
#define SIMPLE_DEV_PM_OPS(name, ...) const struct dev_pm_ops name
#define DEFINE_SIMPLE_DEV_PM_OPS(name, ...) const struct dev_pm_ops name
#define DEFINE_RUNTIME_DEV_PM_OPS(name, ...) const struct dev_pm_ops name
#define UNIVERSAL_DEV_PM_OPS(name, ...) const struct dev_pm_ops name
#define SET_SYSTEM_SLEEP_PM_OPS(s, r) .suspend = s, .resume = r,
#define SET_RUNTIME_PM_OPS(s, r, i) .runtime_suspend = s, .runtime_resume = r,
#define SET_LATE_SYSTEM_SLEEP_PM_OPS(s, r) .suspend_late = s, .resume_early = r,
#define SET_NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r) .suspend_noirq = s, .resume_noirq = r,
#define SYSTEM_SLEEP_PM_OPS(s, r) .suspend = s, .resume = r,
#define RUNTIME_PM_OPS(s, r, i) .runtime_suspend = s, .runtime_resume = r,
#define pm_sleep_ptr(x) (x)
#define pm_ptr(x) (x)
#define of_match_ptr(x) (x)
#define ACPI_PTR(x) (x)
#define DECLARE_TASKLET(name, ...) struct tasklet_struct name = DECLARE_TASKLET(name, __VA_ARGS__)
#define DECLARE_TASKLET_OLD(name, ...) struct tasklet_struct name = DECLARE_TASKLET_OLD(name, __VA_ARGS__)
#define DECLARE_TASKLET_DISABLED(name, ...) struct tasklet_struct name = DECLARE_TASKLET_DISABLED(name, __VA_ARGS__)
#define DECLARE_TASKLET_DISABLED_OLD(name, ...) struct tasklet_struct name = DECLARE_TASKLET_DISABLED_OLD(name, __VA_ARGS__)
#define DEFINE_TIMER(name, ...) struct timer_list name = DEFINE_TIMER(name, __VA_ARGS__)
#define DECLARE_WORK(name, ...) struct work_struct name = DECLARE_WORK(name, __VA_ARGS__)
#define DECLARE_DELAYED_WORK(name, ...) struct delayed_work name = DECLARE_DELAYED_WORK(name, __VA_ARGS__)
#define DECLARE_DEFERRABLE_WORK(name, ...) struct delayed_work name = DECLARE_DEFERRABLE_WORK(name, __VA_ARGS__)

/* Module entry points: kept as calls in a synthetic declaration. Each
 * ends in ';', as the kernel's expansions do, so that both
 * module_init(fn) and module_init(fn); read as one declaration. */
#define module_init(fn) static int __kd_module_init_##fn = module_init(fn);
#define module_exit(fn) static int __kd_module_exit_##fn = module_exit(fn);
#define late_initcall(fn) static int __kd_late_initcall_##fn = late_initcall(fn);
#define late_initcall_sync(fn) static int __kd_late_initcall_sync_##fn = late_initcall_sync(fn);
#define subsys_initcall(fn) static int __kd_subsys_initcall_##fn = subsys_initcall(fn);
#define subsys_initcall_sync(fn) static int __kd_subsys_initcall_sync_##fn = subsys_initcall_sync(fn);
#define device_initcall(fn) static int __kd_device_initcall_##fn = device_initcall(fn);
#define fs_initcall(fn) static int __kd_fs_initcall_##fn = fs_initcall(fn);
#define arch_initcall(fn) static int __kd_arch_initcall_##fn = arch_initcall(fn);
#define core_initcall(fn) static int __kd_core_initcall_##fn = core_initcall(fn);
#define postcore_initcall(fn) static int __kd_postcore_initcall_##fn = postcore_initcall(fn);
#define rootfs_initcall(fn) static int __kd_rootfs_initcall_##fn = rootfs_initcall(fn);
#define module_platform_driver(drv) static int __kd_mpd_##drv = module_platform_driver(drv);
#define module_platform_driver_probe(drv, probe) static int __kd_mpdp_##drv = module_platform_driver_probe(drv, probe);
#define builtin_platform_driver(drv) static int __kd_bpd_##drv = builtin_platform_driver(drv);
#define module_pci_driver(drv) static int __kd_mpci_##drv = module_pci_driver(drv);
#define module_i2c_driver(drv) static int __kd_mi2c_##drv = module_i2c_driver(drv);
#define module_spi_driver(drv) static int __kd_mspi_##drv = module_spi_driver(drv);
#define module_usb_driver(drv) static int __kd_musb_##drv = module_usb_driver(drv);
#define module_sdio_driver(drv) static int __kd_msdio_##drv = module_sdio_driver(drv);
#define module_serdev_device_driver(drv) static int __kd_mserdev_##drv = module_serdev_device_driver(drv);
#define module_auxiliary_driver(drv) static int __kd_maux_##drv = module_auxiliary_driver(drv);
#define module_virtio_driver(drv) static int __kd_mvirtio_##drv = module_virtio_driver(drv);
#define module_hid_driver(drv) static int __kd_mhid_##drv = module_hid_driver(drv);
#define module_amba_driver(drv) static int __kd_mamba_##drv = module_amba_driver(drv);
#define builtin_amba_driver(drv, ...) static int __kd_bamba_##drv = builtin_amba_driver(drv, ##__VA_ARGS__);
#define builtin_driver(drv, ...) static int __kd_bdriver_##drv = builtin_driver(drv, ##__VA_ARGS__);
#define builtin_i2c_driver(drv, ...) static int __kd_bi2c_##drv = builtin_i2c_driver(drv, ##__VA_ARGS__);
#define builtin_mips_cdmm_driver(drv, ...) static int __kd_bmips_cdmm_##drv = builtin_mips_cdmm_driver(drv, ##__VA_ARGS__);
#define builtin_pci_driver(drv, ...) static int __kd_bpci_##drv = builtin_pci_driver(drv, ##__VA_ARGS__);
#define builtin_platform_driver_probe(drv, ...) static int __kd_bplatform_probe_##drv = builtin_platform_driver_probe(drv, ##__VA_ARGS__);
#define mdio_module_driver(drv, ...) static int __kd_mdio_mdriver_##drv = mdio_module_driver(drv, ##__VA_ARGS__);
#define module_acpi_driver(drv, ...) static int __kd_macpi_##drv = module_acpi_driver(drv, ##__VA_ARGS__);
#define module_apr_driver(drv, ...) static int __kd_mapr_##drv = module_apr_driver(drv, ##__VA_ARGS__);
#define module_bcma_driver(drv, ...) static int __kd_mbcma_##drv = module_bcma_driver(drv, ##__VA_ARGS__);
#define module_comedi_driver(drv, ...) static int __kd_mcomedi_##drv = module_comedi_driver(drv, ##__VA_ARGS__);
#define module_comedi_pci_driver(drv, ...) static int __kd_mcomedi_pci_##drv = module_comedi_pci_driver(drv, ##__VA_ARGS__);
#define module_comedi_pcmcia_driver(drv, ...) static int __kd_mcomedi_pcmcia_##drv = module_comedi_pcmcia_driver(drv, ##__VA_ARGS__);
#define module_comedi_usb_driver(drv, ...) static int __kd_mcomedi_usb_##drv = module_comedi_usb_driver(drv, ##__VA_ARGS__);
#define module_coreboot_driver(drv, ...) static int __kd_mcoreboot_##drv = module_coreboot_driver(drv, ##__VA_ARGS__);
#define module_cxl_driver(drv, ...) static int __kd_mcxl_##drv = module_cxl_driver(drv, ##__VA_ARGS__);
#define module_dfl_driver(drv, ...) static int __kd_mdfl_##drv = module_dfl_driver(drv, ##__VA_ARGS__);
#define module_ffa_driver(drv, ...) static int __kd_mffa_##drv = module_ffa_driver(drv, ##__VA_ARGS__);
#define module_fsi_driver(drv, ...) static int __kd_mfsi_##drv = module_fsi_driver(drv, ##__VA_ARGS__);
#define module_fsl_mc_driver(drv, ...) static int __kd_mfsl_mc_##drv = module_fsl_mc_driver(drv, ##__VA_ARGS__);
#define module_gameport_driver(drv, ...) static int __kd_mgameport_##drv = module_gameport_driver(drv, ##__VA_ARGS__);
#define module_gbphy_driver(drv, ...) static int __kd_mgbphy_##drv = module_gbphy_driver(drv, ##__VA_ARGS__);
#define module_gpr_driver(drv, ...) static int __kd_mgpr_##drv = module_gpr_driver(drv, ##__VA_ARGS__);
#define module_greybus_driver(drv, ...) static int __kd_mgreybus_##drv = module_greybus_driver(drv, ##__VA_ARGS__);
#define module_hda_codec_driver(drv, ...) static int __kd_mhda_codec_##drv = module_hda_codec_driver(drv, ##__VA_ARGS__);
#define module_i3c_driver(drv, ...) static int __kd_mi3c_##drv = module_i3c_driver(drv, ##__VA_ARGS__);
#define module_i3c_i2c_driver(drv, ...) static int __kd_mi3c_i2c_##drv = module_i3c_i2c_driver(drv, ##__VA_ARGS__);
#define module_idxd_driver(drv, ...) static int __kd_midxd_##drv = module_idxd_driver(drv, ##__VA_ARGS__);
#define module_isa_driver(drv, ...) static int __kd_misa_##drv = module_isa_driver(drv, ##__VA_ARGS__);
#define module_isa_driver_with_irq(drv, ...) static int __kd_misa_with_irq_##drv = module_isa_driver_with_irq(drv, ##__VA_ARGS__);
#define module_mcb_driver(drv, ...) static int __kd_mmcb_##drv = module_mcb_driver(drv, ##__VA_ARGS__);
#define module_mei_cl_driver(drv, ...) static int __kd_mmei_cl_##drv = module_mei_cl_driver(drv, ##__VA_ARGS__);
#define module_mhi_driver(drv, ...) static int __kd_mmhi_##drv = module_mhi_driver(drv, ##__VA_ARGS__);
#define module_mhi_ep_driver(drv, ...) static int __kd_mmhi_ep_##drv = module_mhi_ep_driver(drv, ##__VA_ARGS__);
#define module_mipi_dsi_driver(drv, ...) static int __kd_mmipi_dsi_##drv = module_mipi_dsi_driver(drv, ##__VA_ARGS__);
#define module_mips_cdmm_driver(drv, ...) static int __kd_mmips_cdmm_##drv = module_mips_cdmm_driver(drv, ##__VA_ARGS__);
#define module_moxtet_driver(drv, ...) static int __kd_mmoxtet_##drv = module_moxtet_driver(drv, ##__VA_ARGS__);
#define module_nd_driver(drv, ...) static int __kd_mnd_##drv = module_nd_driver(drv, ##__VA_ARGS__);
#define module_nvmem_layout_driver(drv, ...) static int __kd_mnvmem_layout_##drv = module_nvmem_layout_driver(drv, ##__VA_ARGS__);
#define module_parport_driver(drv, ...) static int __kd_mparport_##drv = module_parport_driver(drv, ##__VA_ARGS__);
#define module_pata_parport_driver(drv, ...) static int __kd_mpata_parport_##drv = module_pata_parport_driver(drv, ##__VA_ARGS__);
#define module_pcmcia_driver(drv, ...) static int __kd_mpcmcia_##drv = module_pcmcia_driver(drv, ##__VA_ARGS__);
#define module_peci_driver(drv, ...) static int __kd_mpeci_##drv = module_peci_driver(drv, ##__VA_ARGS__);
#define module_phy_driver(drv, ...) static int __kd_mphy_##drv = module_phy_driver(drv, ##__VA_ARGS__);
#define module_pnp_driver(drv, ...) static int __kd_mpnp_##drv = module_pnp_driver(drv, ##__VA_ARGS__);
#define module_rpmsg_driver(drv, ...) static int __kd_mrpmsg_##drv = module_rpmsg_driver(drv, ##__VA_ARGS__);
#define module_scmi_driver(drv, ...) static int __kd_mscmi_##drv = module_scmi_driver(drv, ##__VA_ARGS__);
#define module_sdw_driver(drv, ...) static int __kd_msdw_##drv = module_sdw_driver(drv, ##__VA_ARGS__);
#define module_serio_driver(drv, ...) static int __kd_mserio_##drv = module_serio_driver(drv, ##__VA_ARGS__);
#define module_siox_driver(drv, ...) static int __kd_msiox_##drv = module_siox_driver(drv, ##__VA_ARGS__);
#define module_slim_driver(drv, ...) static int __kd_mslim_##drv = module_slim_driver(drv, ##__VA_ARGS__);
#define module_snd_seq_driver(drv, ...) static int __kd_msnd_seq_##drv = module_snd_seq_driver(drv, ##__VA_ARGS__);
#define module_spi_mem_driver(drv, ...) static int __kd_mspi_mem_##drv = module_spi_mem_driver(drv, ##__VA_ARGS__);
#define module_spmi_driver(drv, ...) static int __kd_mspmi_##drv = module_spmi_driver(drv, ##__VA_ARGS__);
#define module_ssam_device_driver(drv, ...) static int __kd_mssam_device_##drv = module_ssam_device_driver(drv, ##__VA_ARGS__);
#define module_sunxi_rsb_driver(drv, ...) static int __kd_msunxi_rsb_##drv = module_sunxi_rsb_driver(drv, ##__VA_ARGS__);
#define module_typec_altmode_driver(drv, ...) static int __kd_mtypec_altmode_##drv = module_typec_altmode_driver(drv, ##__VA_ARGS__);
#define module_ulpi_driver(drv, ...) static int __kd_mulpi_##drv = module_ulpi_driver(drv, ##__VA_ARGS__);
#define module_usb_composite_driver(drv, ...) static int __kd_musb_composite_##drv = module_usb_composite_driver(drv, ##__VA_ARGS__);
#define module_usb_serial_driver(drv, ...) static int __kd_musb_serial_##drv = module_usb_serial_driver(drv, ##__VA_ARGS__);
#define module_usb_stor_driver(drv, ...) static int __kd_musb_stor_##drv = module_usb_stor_driver(drv, ##__VA_ARGS__);
#define module_vchiq_driver(drv, ...) static int __kd_mvchiq_##drv = module_vchiq_driver(drv, ##__VA_ARGS__);
#define module_vdpa_driver(drv, ...) static int __kd_mvdpa_##drv = module_vdpa_driver(drv, ##__VA_ARGS__);
#define module_wmi_driver(drv, ...) static int __kd_mwmi_##drv = module_wmi_driver(drv, ##__VA_ARGS__);
#define module_driver(drv, ...) static int __kd_mdrv_##drv = module_driver(drv, __VA_ARGS__);

/* File-scope declarations kdlint does not need. */
#define MODULE_LICENSE(...) int __kd_ignored
#define MODULE_AUTHOR(...) int __kd_ignored
#define MODULE_DESCRIPTION(...) int __kd_ignored
#define MODULE_VERSION(...) int __kd_ignored
#define MODULE_ALIAS(...) int __kd_ignored
#define MODULE_ALIAS_CHARDEV_MAJOR(...) int __kd_ignored
#define MODULE_ALIAS_MISCDEV(...) int __kd_ignored
#define MODULE_DEVICE_TABLE(...) int __kd_ignored
#define MODULE_FIRMWARE(...) int __kd_ignored
#define MODULE_PARM_DESC(...) int __kd_ignored
#define MODULE_INFO(...) int __kd_ignored
#define MODULE_SOFTDEP(...) int __kd_ignored
#define MODULE_IMPORT_NS(...) int __kd_ignored
#define MODULE_SUPPORTED_DEVICE(...) int __kd_ignored
#define module_param(...) int __kd_ignored
#define module_param_named(...) int __kd_ignored
#define module_param_array(...) int __kd_ignored
#define module_param_array_named(...) int __kd_ignored
#define module_param_string(...) int __kd_ignored
#define module_param_cb(...) int __kd_ignored
#define module_param_unsafe(...) int __kd_ignored
#define EXPORT_SYMBOL(...) int __kd_ignored
#define EXPORT_SYMBOL_GPL(...) int __kd_ignored
#define EXPORT_SYMBOL_NS(...) int __kd_ignored
#define EXPORT_SYMBOL_NS_GPL(...) int __kd_ignored
#define EXPORT_SYMBOL_FOR_MODULES(...) int __kd_ignored
#define ATTRIBUTE_GROUPS(...) int __kd_ignored
#define ALLOW_ERROR_INJECTION(...) int __kd_ignored
#define static_assert(...) int __kd_ignored
#define DEFINE_GUARD(...) int __kd_ignored
#define DEFINE_FREE(...) int __kd_ignored
#define DEFINE_CLASS(...) int __kd_ignored
#define DEFINE_LOCK_GUARD_1(...) int __kd_ignored
#define DEFINE_DEBUGFS_ATTRIBUTE(...) int __kd_ignored
#define DEFINE_SIMPLE_ATTRIBUTE(...) int __kd_ignored
#define DEFINE_SHOW_ATTRIBUTE(...) int __kd_ignored
#define DEFINE_SEQ_ATTRIBUTE(...) int __kd_ignored
#define DEFINE_STATIC_KEY_FALSE(...) int __kd_ignored
#define DEFINE_STATIC_KEY_TRUE(...) int __kd_ignored
#define BUILD_BUG_ON_ZERO(...) 0
#define EXPORT_TRACEPOINT_SYMBOL(...) int __kd_ignored
#define EXPORT_TRACEPOINT_SYMBOL_GPL(...) int __kd_ignored

/* Scoped locks and iterators: a for statement around the macro call. */
#define scoped_guard(...) for (scoped_guard(__VA_ARGS__);;)
#define scoped_cond_guard(...) for (scoped_cond_guard(__VA_ARGS__);;)
#define list_for_each(...) for (list_for_each(__VA_ARGS__);;)
#define list_for_each_safe(...) for (list_for_each_safe(__VA_ARGS__);;)
#define list_for_each_prev(...) for (list_for_each_prev(__VA_ARGS__);;)
#define list_for_each_entry(...) for (list_for_each_entry(__VA_ARGS__);;)
#define list_for_each_entry_safe(...) for (list_for_each_entry_safe(__VA_ARGS__);;)
#define list_for_each_entry_reverse(...) for (list_for_each_entry_reverse(__VA_ARGS__);;)
#define list_for_each_entry_safe_reverse(...) for (list_for_each_entry_safe_reverse(__VA_ARGS__);;)
#define list_for_each_entry_continue(...) for (list_for_each_entry_continue(__VA_ARGS__);;)
#define list_for_each_entry_from(...) for (list_for_each_entry_from(__VA_ARGS__);;)
#define list_for_each_entry_rcu(...) for (list_for_each_entry_rcu(__VA_ARGS__);;)
#define hlist_for_each(...) for (hlist_for_each(__VA_ARGS__);;)
#define hlist_for_each_safe(...) for (hlist_for_each_safe(__VA_ARGS__);;)
#define hlist_for_each_entry(...) for (hlist_for_each_entry(__VA_ARGS__);;)
#define hlist_for_each_entry_safe(...) for (hlist_for_each_entry_safe(__VA_ARGS__);;)
#define hlist_for_each_entry_rcu(...) for (hlist_for_each_entry_rcu(__VA_ARGS__);;)
#define for_each_possible_cpu(...) for (for_each_possible_cpu(__VA_ARGS__);;)
#define for_each_online_cpu(...) for (for_each_online_cpu(__VA_ARGS__);;)
#define for_each_present_cpu(...) for (for_each_present_cpu(__VA_ARGS__);;)
#define for_each_cpu(...) for (for_each_cpu(__VA_ARGS__);;)
#define for_each_set_bit(...) for (for_each_set_bit(__VA_ARGS__);;)
#define for_each_clear_bit(...) for (for_each_clear_bit(__VA_ARGS__);;)
#define for_each_sg(...) for (for_each_sg(__VA_ARGS__);;)
#define for_each_child_of_node(...) for (for_each_child_of_node(__VA_ARGS__);;)
#define for_each_available_child_of_node(...) for (for_each_available_child_of_node(__VA_ARGS__);;)
#define device_for_each_child_node(...) for (device_for_each_child_node(__VA_ARGS__);;)
#define fwnode_for_each_child_node(...) for (fwnode_for_each_child_node(__VA_ARGS__);;)
#define idr_for_each_entry(...) for (idr_for_each_entry(__VA_ARGS__);;)
#define xa_for_each(...) for (xa_for_each(__VA_ARGS__);;)
#define skb_queue_walk(...) for (skb_queue_walk(__VA_ARGS__);;)
#define skb_queue_walk_safe(...) for (skb_queue_walk_safe(__VA_ARGS__);;)
#define netdev_for_each_mc_addr(...) for (netdev_for_each_mc_addr(__VA_ARGS__);;)
#define rbtree_postorder_for_each_entry_safe(...) for (rbtree_postorder_for_each_entry_safe(__VA_ARGS__);;)

/* Preprocessor conditions. Configuration options are all unset. */
#define IS_ENABLED(x) 0
#define IS_BUILTIN(x) 0
#define IS_MODULE(x) 0
#define IS_REACHABLE(x) 0
#define LINUX_VERSION_CODE 396288
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))

/* Struct member groups (linux/stddef.h). */
#define struct_group(NAME, ...) struct { __VA_ARGS__ } NAME
#define struct_group_attr(NAME, ATTRS, ...) struct { __VA_ARGS__ } NAME
#define struct_group_tagged(TAG, NAME, ...) struct TAG { __VA_ARGS__ } NAME
#define __struct_group(TAG, NAME, ATTRS, ...) struct { __VA_ARGS__ } NAME
#define DECLARE_HASHTABLE(name, bits) struct hlist_head name[1]
#define DEFINE_HASHTABLE(name, bits) struct hlist_head name[1]
#define hash_for_each(...) for (hash_for_each(__VA_ARGS__);;)
#define hash_for_each_safe(...) for (hash_for_each_safe(__VA_ARGS__);;)
#define hash_for_each_possible(...) for (hash_for_each_possible(__VA_ARGS__);;)
