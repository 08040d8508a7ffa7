package gen

// Catalogs of what people call from: client builds, audio devices, CPUs
// and Wi-Fi adapters. Brands are Microsoft's fictitious ones, so that no
// real product is shown as faulty.

// build is one client build of one platform.
type build struct {
	platform string // Graph clientPlatform
	version  string
	header   string // user-agent header value
	weight   float64
}

// The planted faulty build and headset. They are in no catalog: newOrg
// hands them out by index, so that every data set has a known share.
var (
	failingWindowsBuild = build{"windows", FailingClientVersion, "Teams/" + FailingClientVersion + " (Windows 10.0.19045; x64)", 0}
	failingMacBuild     = build{"macOS", FailingClientVersion, "Teams/" + FailingClientVersion + " (macOS 13.6.7; x64)", 0}
	faultyHeadset       = audioDevice{FaultyCaptureDevice, "Speakers (Tailspin Tune 30 USB)", "Microsoft: 10.0.22621.2506", 0, 0.7}
)

// Teams client builds by platform.
var (
	windowsBuilds = []build{
		{"windows", "24335.208.3315.1951", "Teams/24335.208.3315.1951 (Windows 10.0.22631; x64)", 45},
		{"windows", "24306.3508.3198.9061", "Teams/24306.3508.3198.9061 (Windows 10.0.22631; x64)", 28},
		{"windows", "24193.1805.3040.8975", "Teams/24193.1805.3040.8975 (Windows 10.0.19045; x64)", 10},
	}
	macBuilds = []build{
		{"macOS", "24335.208.3315.1951", "Teams/24335.208.3315.1951 (macOS 14.6.1; arm64)", 60},
		{"macOS", "24306.3508.3198.9061", "Teams/24306.3508.3198.9061 (macOS 14.5; arm64)", 25},
	}
	webBuilds = []build{
		{"web", "24335.208.3315.1951", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 70},
		{"web", "24335.208.3315.1951", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15", 30},
	}
	iosBuilds = []build{
		{"iOS", "6.20.1", "Teams/6.20.1 (iPhone; iOS 17.6.1)", 70},
		{"iOS", "6.19.2", "Teams/6.19.2 (iPhone; iOS 17.5.1)", 30},
	}
	androidBuilds = []build{
		{"android", "1416/1.0.0.2024224402", "Teams/1416/1.0.0.2024224402 (Android 14; SM-S921B)", 65},
		{"android", "1416/1.0.0.2024203501", "Teams/1416/1.0.0.2024203501 (Android 13; Pixel 7)", 35},
	}
	roomBuild = build{"roomSystem", "5.2.115.0", "Teams Rooms/5.2.115.0 (Windows 10.0.22621; MTR)", 1}
)

// audioDevice is a headset, speakerphone or built-in microphone.
type audioDevice struct {
	capture, render, driver string
	weight                  float64
	// notFunctioning is the share of sessions in which the device stops
	// capturing for a noticeable part of the call.
	notFunctioning float64
}

// Audio devices by platform.
var (
	headsets = []audioDevice{
		{"Headset Microphone (Fabrikam Voice 40 UC)", "Headset Earphone (Fabrikam Voice 40 UC)", "Microsoft: 10.0.22621.2506", 24, 0.002},
		{"Headset Microphone (Northwind H570e)", "Headset Earphone (Northwind H570e)", "Microsoft: 10.0.22621.2506", 16, 0.002},
		{"Headset (Proseware Evolve Duo Hands-Free AG Audio)", "Headphones (Proseware Evolve Duo Stereo)", "Microsoft: 10.0.22621.3085", 14, 0.004},
		{"Echo Cancelling Speakerphone (Litware Speak 510)", "Echo Cancelling Speakerphone (Litware Speak 510)", "Microsoft: 10.0.22621.2506", 7, 0.002},
		{"Microphone Array (Intel® Smart Sound Technology for Digital Microphones)", "Speakers (Realtek(R) Audio)", "Intel Corporation: 10.29.0.9677", 22, 0.003},
		{"Headset (Wingtip Buds Pro Hands-Free)", "Headphones (Wingtip Buds Pro Stereo)", "Microsoft: 10.0.22621.3085", 8, 0.004},
	}
	macDevices = []audioDevice{
		{"MacBook Pro Microphone", "MacBook Pro Speakers", "Apple Inc.: 14.6.1", 55, 0.002},
		{"Headset Microphone (Fabrikam Voice 40 UC)", "Headset Earphone (Fabrikam Voice 40 UC)", "Apple Inc.: 14.6.1", 30, 0.002},
		{"Wingtip Buds Pro", "Wingtip Buds Pro", "Apple Inc.: 14.6.1", 15, 0.004},
	}
	mobileDevice = audioDevice{"Default input device", "Default output device", "", 1, 0.003}
	roomAudio    = audioDevice{"Echo Cancelling Speakerphone (Adatum Room Bar 70)", "Echo Cancelling Speakerphone (Adatum Room Bar 70)", "Microsoft: 10.0.22621.2506", 1, 0.002}
)

// cpu is a laptop processor as Graph's participantEndpoint reports it.
type cpu struct {
	name  string
	cores int64
	mhz   int64
}

var (
	windowsCPUs = []cpu{
		{"11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz", 8, 2995},
		{"11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz", 8, 2611},
		{"13th Gen Intel(R) Core(TM) i7-1365U", 12, 1800},
		{"AMD Ryzen 7 PRO 5850U with Radeon Graphics", 16, 1901},
		{"Intel(R) Core(TM) Ultra 7 165U", 14, 2100},
	}
	macCPUs = []cpu{{"Apple M2", 8, 3490}, {"Apple M1 Pro", 10, 3228}, {"Apple M3 Pro", 11, 4056}}
	roomCPU = cpu{"Intel(R) Core(TM) i5-10500TE CPU @ 2.30GHz", 12, 2304}
)

// wifiCard is a laptop's Wi-Fi adapter and its drivers.
type wifiCard struct {
	vendor, vendorVersion string
}

var wifiCards = []wifiCard{
	{"Intel(R) Wi-Fi 6E AX211 160MHz", "23.40.0.4"},
	{"Intel(R) Wi-Fi 6 AX201 160MHz", "22.200.0.6"},
	{"Killer(R) Wi-Fi 6 AX1650s 160MHz Wireless Network Adapter (201D2W)", "22.250.1.2"},
	{"Qualcomm(R) Wi-Fi 6E FastConnect 6900", "3.1.0.1316"},
}

// ACS Calling SDK builds of the Virtual Visits app. FailingSDKVersion is
// one of the web builds.
type sdkBuild struct {
	version, os string
	weight      float64
}

var (
	acsWebBuilds = []sdkBuild{
		{"1.31.2", "Windows 10.0.22631 Arch: x64", 30},
		{"1.31.2", "macOS 14.6.1", 12},
		{"1.30.1", "Windows 10.0.19045 Arch: x64", 14},
		{FailingSDKVersion, "Windows 10.0.19045 Arch: x64", 14},
		{"1.31.2", "Android 14", 10},
	}
	acsNativeBuilds = []sdkBuild{
		{"2.13.0", "iOS 17.6.1", 12},
		{"2.12.1", "Android 14", 6},
		{"2.13.0", "iOS 16.7.8", 2},
	}
)

func pickBuild(r *rng, bs []build) build {
	w := make([]float64, len(bs))
	for i, b := range bs {
		w[i] = b.weight
	}
	return bs[r.weighted(w)]
}

func pickDevice(r *rng, ds []audioDevice) audioDevice {
	w := make([]float64, len(ds))
	for i, d := range ds {
		w[i] = d.weight
	}
	return ds[r.weighted(w)]
}

func pickSDK(r *rng, bs []sdkBuild) sdkBuild {
	w := make([]float64, len(bs))
	for i, b := range bs {
		w[i] = b.weight
	}
	return bs[r.weighted(w)]
}
